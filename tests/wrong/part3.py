"""Wrong answers for Part 3: the kernel constructors, EDGE_KERNELS, gradient_magnitude,
classify_kernel, discover_kernel and gradient_step.

Each function makes one mistake and is otherwise right (it checks its
arguments like the reference), so the feedback must name that one mistake.
The right parts they share (argument checks, float64 conversion, Pascal's rows, the Sobel
gradients, the least-squares fit) live in the private helpers below; a solution cell carries
the helpers it calls, and modules other than numpy are imported where they are used.
"""
import numpy as np

from . import Wrong

# --- shared right parts: the kernel constructors ---------------------------------------------


def _check_n(n, odd=False):
    """Raise like the reference unless n is an int >= 1 (and odd, if asked)."""
    if not isinstance(n, (int, np.integer)) or n < 1 or (odd and n % 2 == 0):
        raise ValueError(f"n must be an {'odd ' if odd else ''}int >= 1, got {n!r}")


def _impulse(n, at=None):
    """An n x n float64 kernel of zeros with a single 1 at `at` (default: the centre)."""
    kernel = np.zeros((n, n))
    kernel[(n // 2, n // 2) if at is None else at] = 1.0
    return kernel


def _box(n):
    """The normalised n x n box blur."""
    return np.full((n, n), 1.0 / n ** 2)


def _pascal_row(m):
    """Row m of Pascal's triangle (m + 1 binomial coefficients) as float64."""
    import math
    return np.array([math.comb(m, k) for k in range(m + 1)], dtype=np.float64)


# --- box_blur_kernel -------------------------------------------------------------------------


def box_blur_not_normalised(n):
    _check_n(n)
    return np.ones((n, n))


def box_blur_divided_by_n(n):
    _check_n(n)
    return np.ones((n, n)) / n


def box_blur_one_size_too_large(n):
    _check_n(n)
    return np.ones((n + 1, n + 1)) / (n + 1) ** 2


def box_blur_n_as_radius(n):
    _check_n(n)
    side = 2 * n + 1
    return np.ones((side, side)) / side ** 2


def box_blur_accepts_bad_n(n):
    n = int(n)
    return np.ones((max(n, 0), max(n, 0))) / max(n * n, 1)


# --- identity_kernel -------------------------------------------------------------------------


def identity_one_at_corner(n=3):
    _check_n(n, odd=True)
    return _impulse(n, at=(0, 0))


def identity_matrix_np_eye(n=3):
    _check_n(n, odd=True)
    return np.eye(n)


def identity_accepts_even_n(n=3):
    _check_n(n)                    # the mistake: odd=True left out, so even n is accepted
    return _impulse(n)


# --- sharpen_kernel --------------------------------------------------------------------------


def sharpen_identity_plus_blur(n=3):
    _check_n(n, odd=True)
    return _impulse(n) + _box(n)


def sharpen_is_the_detail_kernel(n=3):
    _check_n(n, odd=True)
    return _impulse(n) - _box(n)


def sharpen_identity_at_corner(n=3):
    _check_n(n, odd=True)
    return 2 * _impulse(n, at=(0, 0)) - _box(n)


def sharpen_blur_not_normalised(n=3):
    _check_n(n, odd=True)
    return 2 * _impulse(n) - np.ones((n, n))


# --- gaussian_kernel -------------------------------------------------------------------------


def gaussian_not_normalised(n):
    _check_n(n)
    row = _pascal_row(n - 1)
    return np.outer(row, row)


def gaussian_pascal_row_n(n):
    _check_n(n)
    row = _pascal_row(n)
    kernel = np.outer(row, row)
    return kernel / kernel.sum()


def gaussian_pascal_row_n_minus_2(n):
    _check_n(n)
    row = _pascal_row(n - 2)
    kernel = np.outer(row, row)
    return kernel / kernel.sum() if kernel.size else np.ones((1, 1))


# --- EDGE_KERNELS ----------------------------------------------------------------------------


class KernelTable(dict):
    """A wrong EDGE_KERNELS whose repr is Python that rebuilds it (for the sandbox's solution cell)."""

    def __init__(self, name, table):
        super().__init__(table)
        self.__name__ = name

    def __repr__(self):
        items = ", ".join(f"{key!r}: np.array({value.tolist()!r}, dtype=np.float64)"
                          for key, value in self.items())
        return "{" + items + "}"


def _table(**changes):
    table = {
        "sobel_x": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
        "sobel_y": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
        "scharr_x": [[-3, -10, -3], [0, 0, 0], [3, 10, 3]],
        "scharr_y": [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]],
        "prewitt_x": [[-1, -1, -1], [0, 0, 0], [1, 1, 1]],
        "prewitt_y": [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]],
        "roberts_x": [[-1, 0], [0, 1]],
        "roberts_y": [[0, 1], [-1, 0]],
        "laplacian": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    }
    table.update(changes)
    return {key: np.array(value, dtype=np.float64) for key, value in table.items() if value is not None}


edge_kernels_missing_roberts_x = KernelTable("edge_kernels_missing_roberts_x", _table(roberts_x=None))
edge_kernels_sobel_swapped = KernelTable(
    "edge_kernels_sobel_swapped",
    _table(sobel_x=[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], sobel_y=[[-1, -2, -1], [0, 0, 0], [1, 2, 1]]))
edge_kernels_opencv_axes = KernelTable(
    "edge_kernels_opencv_axes",
    _table(sobel_x=[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], sobel_y=[[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
           scharr_x=[[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]], scharr_y=[[-3, -10, -3], [0, 0, 0], [3, 10, 3]],
           prewitt_x=[[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], prewitt_y=[[-1, -1, -1], [0, 0, 0], [1, 1, 1]],
           roberts_x=[[0, 1], [-1, 0]], roberts_y=[[-1, 0], [0, 1]]))
edge_kernels_signs_flipped = KernelTable(
    "edge_kernels_signs_flipped",
    _table(sobel_x=[[1, 2, 1], [0, 0, 0], [-1, -2, -1]], sobel_y=[[1, 0, -1], [2, 0, -2], [1, 0, -1]],
           scharr_x=[[3, 10, 3], [0, 0, 0], [-3, -10, -3]], scharr_y=[[3, 0, -3], [10, 0, -10], [3, 0, -3]],
           prewitt_x=[[1, 1, 1], [0, 0, 0], [-1, -1, -1]], prewitt_y=[[1, 0, -1], [1, 0, -1], [1, 0, -1]],
           roberts_x=[[1, 0], [0, -1]], roberts_y=[[0, -1], [1, 0]]))
edge_kernels_sobel_x_sign_flipped = KernelTable(
    "edge_kernels_sobel_x_sign_flipped", _table(sobel_x=[[1, 2, 1], [0, 0, 0], [-1, -2, -1]]))
edge_kernels_laplacian_minus_8 = KernelTable(
    "edge_kernels_laplacian_minus_8", _table(laplacian=[[1, 1, 1], [1, -8, 1], [1, 1, 1]]))


# --- shared right parts: gradient_magnitude, classify_kernel, discover_kernel -----------------


def _checked_image(im):
    """im as float64, checked like the reference (2-D, at least 3x3)."""
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.shape[0] < 3 or im.shape[1] < 3:
        raise ValueError("im must be a 2-D array of at least 3x3")
    return im


def _sobel_x():
    """The course's sobel_x (derivative down the rows); its transpose is sobel_y."""
    return np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float64)


def _sobel_gradients(im):
    """gx and gy: im correlated (valid mode) with sobel_x and sobel_y."""
    sobel_x = _sobel_x()
    gx = np.zeros((im.shape[0] - 2, im.shape[1] - 2))
    gy = np.zeros_like(gx)
    for x in range(gx.shape[0]):
        for y in range(gx.shape[1]):
            gx[x, y] = np.sum(im[x:x + 3, y:y + 3] * sobel_x)
            gy[x, y] = np.sum(im[x:x + 3, y:y + 3] * sobel_x.T)
    return gx, gy


def _kernel_facts(kernel):
    """kernel as float64, checked like the reference, with its centre, sum and tolerance."""
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0 or not np.all(np.isfinite(kernel)):
        raise ValueError("kernel must be a non-empty 2-D array of finite numbers")
    centre = kernel[kernel.shape[0] // 2, kernel.shape[1] // 2]
    return kernel, centre, kernel.sum(), 1e-9 * np.abs(kernel).sum()


def _checked_discover_args(im, filtered, kernel_shape):
    """im and filtered as float64 and the kernel's (kh, kw), checked like the reference."""
    im = np.asarray(im, dtype=np.float64)
    filtered = np.asarray(filtered, dtype=np.float64)
    if im.ndim != 2 or filtered.ndim != 2 or len(kernel_shape) != 2 or min(kernel_shape) < 1:
        raise ValueError("im and filtered must be 2-D, kernel_shape two ints >= 1")
    kh, kw = kernel_shape
    if kh > im.shape[0] or kw > im.shape[1] or filtered.shape != (im.shape[0] - kh + 1, im.shape[1] - kw + 1):
        raise ValueError("shapes do not fit")
    return im, filtered, kh, kw


def _fitted_weights(im, filtered, kh, kw, positions=None, flatten=lambda window: window.ravel()):
    """The least-squares weights (flat): one equation per kh x kw window of im, flattened by
    `flatten`, taken at `positions` (default: row by row), against filtered.ravel()."""
    if positions is None:
        positions = [(x, y) for x in range(filtered.shape[0]) for y in range(filtered.shape[1])]
    windows = np.array([flatten(im[x:x + kh, y:y + kw]) for x, y in positions])
    return np.linalg.lstsq(windows, filtered.ravel(), rcond=None)[0]


# --- gradient_magnitude ----------------------------------------------------------------------


def gradient_only_sobel_x(im):
    gx, _ = _sobel_gradients(_checked_image(im))
    return np.abs(gx)


def gradient_sum_of_absolutes(im):
    gx, gy = _sobel_gradients(_checked_image(im))
    return np.abs(gx) + np.abs(gy)


def gradient_without_sqrt(im):
    gx, gy = _sobel_gradients(_checked_image(im))
    return gx ** 2 + gy ** 2


def gradient_same_mode(im):
    import cv2
    im = _checked_image(im)
    sobel_x = _sobel_x()
    gx = cv2.filter2D(im, cv2.CV_64F, sobel_x, borderType=cv2.BORDER_CONSTANT)
    gy = cv2.filter2D(im, cv2.CV_64F, sobel_x.T.copy(), borderType=cv2.BORDER_CONSTANT)
    return np.sqrt(gx ** 2 + gy ** 2)


# --- classify_kernel -------------------------------------------------------------------------


def classify_sum_only_for_blur(kernel):
    kernel, centre, total, tolerance = _kernel_facts(kernel)
    if np.count_nonzero(kernel) == 1 and abs(centre - 1) <= tolerance:
        return "identity"
    if np.count_nonzero(kernel) > 0 and abs(total) <= tolerance:
        return "edge"
    if abs(total - 1) <= tolerance and np.count_nonzero(kernel) >= 2:
        return "blur"          # forgets that a blur has no negative weights
    raise ValueError("kernel fits none of the classes")


def classify_centre_before_sum(kernel):
    kernel, centre, total, tolerance = _kernel_facts(kernel)
    if np.count_nonzero(kernel) == 1 and abs(centre - 1) <= tolerance:
        return "identity"
    if np.any(kernel < 0) and centre > 0 and (abs(total - 1) <= tolerance or abs(total) <= tolerance):
        return "sharpen"       # a positive centre with negative neighbours, whatever the sum
    if np.count_nonzero(kernel) > 0 and abs(total) <= tolerance:
        return "edge"
    if abs(total - 1) <= tolerance and np.all(kernel >= 0) and np.count_nonzero(kernel) >= 2:
        return "blur"
    raise ValueError("kernel fits none of the classes")


def classify_without_identity_rule(kernel):
    kernel, centre, total, tolerance = _kernel_facts(kernel)
    if np.count_nonzero(kernel) > 0 and abs(total) <= tolerance:
        return "edge"
    if abs(total - 1) <= tolerance and np.all(kernel >= 0) and centre > 0:
        return "blur"          # the identity is non-negative and sums to 1 too
    if abs(total - 1) <= tolerance and np.any(kernel < 0) and centre > 0:
        return "sharpen"
    raise ValueError("kernel fits none of the classes")


# --- discover_kernel -------------------------------------------------------------------------


def discover_flipped_result(im, filtered, kernel_shape):
    im, filtered, kh, kw = _checked_discover_args(im, filtered, kernel_shape)
    return _fitted_weights(im, filtered, kh, kw).reshape(kh, kw)[::-1, ::-1].copy()


def discover_transposed_result(im, filtered, kernel_shape):
    im, filtered, kh, kw = _checked_discover_args(im, filtered, kernel_shape)
    return _fitted_weights(im, filtered, kh, kw, flatten=lambda window: window.T.ravel()).reshape(kw, kh)


def discover_windows_column_by_column(im, filtered, kernel_shape):
    im, filtered, kh, kw = _checked_discover_args(im, filtered, kernel_shape)
    column_by_column = [(x, y) for y in range(filtered.shape[1]) for x in range(filtered.shape[0])]
    return _fitted_weights(im, filtered, kh, kw, positions=column_by_column).reshape(kh, kw)


WRONG = [
    Wrong("box_blur_kernel", box_blur_not_normalised, "not normalised"),
    Wrong("box_blur_kernel", box_blur_divided_by_n, "divided by n instead of n * n"),
    Wrong("box_blur_kernel", box_blur_one_size_too_large, "wrong size"),
    Wrong("box_blur_kernel", box_blur_n_as_radius, "n read as a radius"),
    Wrong("box_blur_kernel", box_blur_accepts_bad_n, "should raise ValueError"),
    Wrong("identity_kernel", identity_one_at_corner, "wrong centre"),
    Wrong("identity_kernel", identity_matrix_np_eye, "identity matrix instead of identity kernel"),
    Wrong("identity_kernel", identity_accepts_even_n, "should raise ValueError"),
    Wrong("sharpen_kernel", sharpen_identity_plus_blur, "identity + blur"),
    Wrong("sharpen_kernel", sharpen_is_the_detail_kernel, "the detail kernel"),
    Wrong("sharpen_kernel", sharpen_identity_at_corner, "wrong centre"),
    Wrong("sharpen_kernel", sharpen_blur_not_normalised, "blur not normalised"),
    Wrong("gaussian_kernel", gaussian_not_normalised, "not normalised"),
    Wrong("gaussian_kernel", gaussian_pascal_row_n, "wrong row of Pascal's triangle"),
    Wrong("gaussian_kernel", gaussian_pascal_row_n_minus_2, "wrong row of Pascal's triangle"),
    Wrong("EDGE_KERNELS", edge_kernels_missing_roberts_x, "missing keys ['roberts_x']"),
    Wrong("EDGE_KERNELS", edge_kernels_sobel_swapped, "sobel_x and sobel_y swapped"),
    Wrong("EDGE_KERNELS", edge_kernels_opencv_axes, "x and y swapped everywhere"),
    Wrong("EDGE_KERNELS", edge_kernels_signs_flipped, "sign flipped on the derivative kernels"),
    Wrong("EDGE_KERNELS", edge_kernels_sobel_x_sign_flipped, "sobel_x sign flipped"),
    Wrong("EDGE_KERNELS", edge_kernels_laplacian_minus_8, "laplacian sign flipped"),
    Wrong("gradient_magnitude", gradient_only_sobel_x, "only one direction"),
    Wrong("gradient_magnitude", gradient_sum_of_absolutes, "sum of absolute values instead of sqrt"),
    Wrong("gradient_magnitude", gradient_without_sqrt, "no sqrt"),
    Wrong("gradient_magnitude", gradient_same_mode, "same mode instead of valid"),
    Wrong("classify_kernel", classify_sum_only_for_blur, "sharpen called blur"),
    Wrong("classify_kernel", classify_centre_before_sum, "edge kernels with a positive centre called sharpen"),
    Wrong("classify_kernel", classify_without_identity_rule, "identity called blur"),
    Wrong("discover_kernel", discover_flipped_result, "flipped result"),
    Wrong("discover_kernel", discover_transposed_result, "result transposed"),
    Wrong("discover_kernel", discover_windows_column_by_column, "out of order"),
]


# --- gradient_step ---------------------------------------------------------------------------


def _checked_step_args(kernel, im, filtered, lr):
    """kernel, im and filtered as float64, checked like the reference, and lr a finite number > 0."""
    kernel, im, filtered = (np.asarray(a, dtype=np.float64) for a in (kernel, im, filtered))
    if kernel.ndim != 2 or im.ndim != 2 or filtered.ndim != 2 or min(kernel.size, im.size) == 0:
        raise ValueError("kernel, im and filtered must be non-empty 2-D arrays")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1] or filtered.shape != (im.shape[0] - kh + 1, im.shape[1] - kw + 1):
        raise ValueError("shapes do not fit")
    if not lr > 0 or not np.isfinite(lr):
        raise ValueError("lr must be a finite number > 0")
    return kernel, im, filtered


def _correlate_valid(im, kernel):
    """Valid-mode cross-correlation, one output pixel at a time."""
    kh, kw = kernel.shape
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def _residual(kernel, im, filtered):
    """What the kernel gives minus what it should give."""
    return _correlate_valid(im, kernel) - filtered


def step_uphill(kernel, im, filtered, lr):
    kernel, im, filtered = _checked_step_args(kernel, im, filtered, lr)
    residual = _residual(kernel, im, filtered)
    gradient = 2 / residual.size * _correlate_valid(im, residual)
    return kernel + lr * gradient                    # + instead of -


def step_gradient_of_the_sum(kernel, im, filtered, lr):
    kernel, im, filtered = _checked_step_args(kernel, im, filtered, lr)
    residual = _residual(kernel, im, filtered)
    gradient = 2 * _correlate_valid(im, residual)    # not divided by the number of outputs
    return kernel - lr * gradient


def step_without_factor_2(kernel, im, filtered, lr):
    kernel, im, filtered = _checked_step_args(kernel, im, filtered, lr)
    residual = _residual(kernel, im, filtered)
    gradient = _correlate_valid(im, residual) / residual.size   # the 2 of d(r**2) = 2r dr left out
    return kernel - lr * gradient


def step_gradient_flipped(kernel, im, filtered, lr):
    kernel, im, filtered = _checked_step_args(kernel, im, filtered, lr)
    residual = _residual(kernel, im, filtered)
    kh, kw = kernel.shape
    gradient = np.zeros((kh, kw))
    for i in range(kh):
        for j in range(kw):                          # the pixel a flipped kernel's weight [i, j] meets
            window = im[kh - 1 - i:kh - 1 - i + residual.shape[0], kw - 1 - j:kw - 1 - j + residual.shape[1]]
            gradient[i, j] = 2 * np.mean(residual * window)
    return kernel - lr * gradient


def step_learning_rate_ignored(kernel, im, filtered, lr):
    kernel, im, filtered = _checked_step_args(kernel, im, filtered, lr)
    residual = _residual(kernel, im, filtered)
    return kernel - 2 / residual.size * _correlate_valid(im, residual)     # a step of lr = 1


def step_returns_the_gradient(kernel, im, filtered, lr):
    kernel, im, filtered = _checked_step_args(kernel, im, filtered, lr)
    residual = _residual(kernel, im, filtered)
    return 2 / residual.size * _correlate_valid(im, residual)


def step_in_place(kernel, im, filtered, lr):
    _checked_step_args(kernel, im, filtered, lr)
    residual = _residual(np.asarray(kernel, dtype=np.float64), np.asarray(im, dtype=np.float64), filtered)
    gradient = 2 / residual.size * _correlate_valid(np.asarray(im, dtype=np.float64), residual)
    if isinstance(kernel, np.ndarray) and kernel.dtype == np.float64:
        kernel -= lr * gradient                      # changes the caller's kernel
        return kernel
    return np.asarray(kernel, dtype=np.float64) - lr * gradient


def step_accepts_any_lr(kernel, im, filtered, lr):
    kernel, im, filtered = _checked_step_args(kernel, im, filtered, 1.0)   # lr never checked
    residual = _residual(kernel, im, filtered)
    return kernel - lr * 2 / residual.size * _correlate_valid(im, residual)


WRONG += [
    Wrong("gradient_step", step_uphill, "step uphill"),
    Wrong("gradient_step", step_gradient_of_the_sum, "sum instead of mean"),
    Wrong("gradient_step", step_without_factor_2, "missing factor 2"),
    Wrong("gradient_step", step_gradient_flipped, "gradient flipped"),
    Wrong("gradient_step", step_learning_rate_ignored, "learning rate ignored"),
    Wrong("gradient_step", step_returns_the_gradient, "gradient returned instead of the new kernel"),
    Wrong("gradient_step", step_in_place, "input changed in place"),
    Wrong("gradient_step", step_accepts_any_lr, "should raise ValueError"),
]
