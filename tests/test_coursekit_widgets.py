"""The widgets redraw by blitting (coursekit.live): after every control change, the picture on
screen must be the one a full redraw of the figure gives (else an artist that changed was not
declared moving and the screen shows a stale part), it must change when the state changes, and
it must match the static figure function of the same state. Widgets must never crash on a
learner's broken function, and never leave a figure for the inline backend to show twice.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from autograder.course import DATA_DIR  # noqa: E402
from coursekit.grid_widget import conv_grid_explorer, conv_grid_figure  # noqa: E402
from coursekit.kernel_picker import kernel_figure, kernel_picker  # noqa: E402
from coursekit.live import LiveFigure, _png  # noqa: E402
from coursekit.pooling_picker import pooling_figure, pooling_picker  # noqa: E402
from coursekit.stepper import conv_stepper, step_figure  # noqa: E402
from coursekit.window import window_explorer, window_figure  # noqa: E402
from solutions import box_blur_kernel, classify_kernel, gaussian_kernel, pool2d, sharpen_kernel  # noqa: E402

RAMP = np.arange(20).reshape(4, 5)
IMAGE = np.array([[10, 20, 30, 40], [10, 20, 30, 40], [20, 30, 40, 50], [20, 30, 40, 50]])
KERNELS = {"sharpen 3x3": sharpen_kernel(3), "box blur 3x3": box_blur_kernel(3),
           "Gaussian 5x5": gaussian_kernel(5)}


@pytest.fixture(scope="module")
def photo():
    import cv2
    return cv2.imread(str(DATA_DIR / "chelsea.png"), cv2.IMREAD_GRAYSCALE)[:120, 150:330]


def find(widget, cls_name, description=None):
    stack = [widget]
    while stack:
        w = stack.pop(0)
        if type(w).__name__ == cls_name and description in (None, getattr(w, "description", None)):
            return w
        stack.extend(getattr(w, "children", ()))
    raise LookupError(f"no {cls_name} {description!r}")


def pixels(png: bytes) -> np.ndarray:
    import cv2
    return cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_COLOR)


def static_picture(figure) -> np.ndarray:
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    picture = pixels(_png(canvas))
    plt.close(figure)
    return picture


def assert_blit_is_a_full_redraw(box):
    on_screen = box.live.png
    assert box.children[-1].value == on_screen, "the Image widget does not show the last picture"
    full = box.live.refresh(everything=True)
    assert np.array_equal(pixels(on_screen), pixels(full)), (
        "the blitted picture differs from a full redraw: something changed that is not declared moving")


def assert_looks_like(box, figure, max_changed=0.01):
    """The live picture and the static figure of the same state differ in few pixels (antialiasing
    where a moving artist is drawn over a still one; the layout is frozen at the first state)."""
    live, static = box.live.snapshot()[..., ::-1], static_picture(figure)
    assert live.shape == static.shape
    changed = np.mean(np.any(np.abs(live.astype(int) - static) > 40, axis=2))
    assert changed <= max_changed, f"{changed:.1%} of the pixels differ from the static figure"


def change(box, control, value):
    before = box.live.png
    control.value = value
    assert box.live.png != before, f"setting {control.description} to {value!r} did not redraw"
    assert_blit_is_a_full_redraw(box)


def test_window_explorer_moves_the_window():
    box = window_explorer(RAMP, kernel_shape=(3, 3))
    change(box, find(box, "IntSlider", "x (row)"), 1)
    change(box, find(box, "IntSlider", "y (column)"), 2)
    assert_looks_like(box, window_figure(RAMP, 1, 2, (3, 3)))


def test_conv_stepper_steps_and_flips():
    box = conv_stepper(IMAGE, sharpen_kernel(3))
    step = find(box, "IntSlider", "step")
    for value in (1, 2, 3, 0):
        change(box, step, value)
    change(box, step, 3)
    assert_looks_like(box, step_figure(IMAGE, sharpen_kernel(3), 3))
    change(box, find(box, "Checkbox"), True)
    assert_looks_like(box, step_figure(IMAGE, sharpen_kernel(3), 3, flip=True))


def test_kernel_picker_switches_kernels_of_other_sizes_and_edits_its_own(photo):
    box = kernel_picker(photo, KERNELS, classify_fn=classify_kernel)
    choose = find(box, "Dropdown", "kernel")
    for name in ("Gaussian 5x5", "box blur 3x3", "Gaussian 5x5", "sharpen 3x3"):
        change(box, choose, name)
    assert_looks_like(box, kernel_figure(photo, KERNELS["sharpen 3x3"], "sharpen 3x3",
                                         classify_fn=classify_kernel), max_changed=0.02)
    centre = find(box, "GridBox").children[4]
    change(box, centre, 3.0)
    assert choose.value.startswith("your own"), "editing a number should select 'your own' kernel"


def test_kernel_picker_shows_a_broken_classifier_instead_of_crashing(photo):
    def classify_kernel(kernel):
        raise IndexError("index 3 is out of bounds")

    box = kernel_picker(photo, KERNELS, classify_fn=classify_kernel)
    change(box, find(box, "Dropdown", "kernel"), "Gaussian 5x5")


def test_conv_grid_explorer_follows_every_slider():
    box = conv_grid_explorer(image_shape=(5, 5))
    for description, value in (("padding p", 2), ("stride s", 2), ("kernel size k", 5),
                               ("dilation d", 2), ("kernel size k", 3), ("output x (row)", 1),
                               ("output y (column)", 1), ("padding p", 0)):
        change(box, find(box, "IntSlider", description), value)
    change(box, find(box, "IntSlider", "kernel size k"), 5)  # k=5, d=2 spans 9 > 5: no window fits
    assert find(box, "IntSlider", "output x (row)").max == 0


def test_pooling_picker_pools_again(photo):
    box = pooling_picker(photo, pool2d, size=4)
    change(box, find(box, "IntSlider", "size"), 8)
    change(box, find(box, "IntSlider", "stride"), 3)
    change(box, find(box, "ToggleButtons", "mode"), "avg")
    change(box, find(box, "IntSlider", "stride"), 0)
    assert_looks_like(box, pooling_figure(photo, pool2d, 8, None, "avg"))


@pytest.mark.parametrize("error", [NotImplementedError(), ValueError("size 8 is too big")])
def test_pooling_picker_says_what_a_broken_pool2d_raised(photo, error):
    def pool2d(im, size=2, stride=None, mode="max"):
        if size == 8:
            raise error
        return np.zeros((2, 2))

    box = pooling_picker(photo, pool2d, size=4)
    change(box, find(box, "IntSlider", "size"), 8)


def test_widgets_leave_no_figure_for_the_inline_backend(photo):
    plt.close("all")
    window_explorer(RAMP)
    conv_stepper(IMAGE, sharpen_kernel(3))
    kernel_picker(photo, KERNELS)
    conv_grid_explorer()
    pooling_picker(photo, pool2d)
    assert plt.get_fignums() == [], "a widget's figure would also appear as a static copy under it"


def test_blit_check_catches_a_change_that_is_not_declared_moving():
    """The check above can fail: a title changed but not declared moving stays stale on screen."""
    figure, ax = plt.subplots()
    ax.set_title("before")
    marker = ax.text(0.5, 0.5, "moving")
    live = LiveFigure(figure, [marker])
    live.refresh()
    ax.set_title("after: a much longer title")
    marker.set_text("moved")
    blitted = live.refresh()
    assert not np.array_equal(pixels(blitted), pixels(live.refresh(everything=True)))


def test_looks_like_tells_two_states_apart():
    """The comparison with the static figure can fail: one step or one window off is caught."""
    box = window_explorer(RAMP)
    find(box, "IntSlider", "x (row)").value = 1
    find(box, "IntSlider", "y (column)").value = 2
    with pytest.raises(AssertionError, match="differ from the static figure"):
        assert_looks_like(box, window_figure(RAMP, 0, 1, (3, 3)))
    box = conv_stepper(IMAGE, sharpen_kernel(3))
    find(box, "IntSlider", "step").value = 3
    with pytest.raises(AssertionError, match="differ from the static figure"):
        assert_looks_like(box, step_figure(IMAGE, sharpen_kernel(3), 2))
