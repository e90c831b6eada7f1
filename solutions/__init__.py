"""The course's reference implementations, one module per part (see COURSE.md).

Never shipped to students: the grader computes expected results with it.
"""
from .subimages import SUBIMAGE_OPTION, conv_output_shape, get_subimages
from .convolution import crop_to_valid, flip_kernel, im_conv, im_convolve
from .kernels import (EDGE_KERNELS, box_blur_kernel, classify_kernel, discover_kernel,
                      gaussian_kernel, gradient_magnitude, gradient_step, identity_kernel,
                      sharpen_kernel)
from .padding import conv2d, conv_output_size, pad_image, receptive_field
from .volumes import conv_layer, conv_volume, count_conv_params, count_dense_params, relu
from .pooling import global_avg_pool, pool2d, pool_volume, pooled_value_count
from .compare import filter_bank, im_conv_fast, pooling_comparison

__all__ = [
    # Part 1: images and subimages
    "conv_output_shape", "SUBIMAGE_OPTION", "get_subimages",
    # Part 2: im_conv
    "im_conv", "flip_kernel", "im_convolve", "crop_to_valid",
    # Part 3: kernel discovery
    "box_blur_kernel", "identity_kernel", "sharpen_kernel", "gaussian_kernel", "EDGE_KERNELS",
    "gradient_magnitude", "classify_kernel", "discover_kernel", "gradient_step",
    # Part 4: padding, stride and dilation
    "pad_image", "conv_output_size", "conv2d", "receptive_field",
    # Part 5: channels and filter banks
    "conv_volume", "relu", "conv_layer", "count_conv_params", "count_dense_params",
    # Part 6: pooling
    "pool2d", "pool_volume", "global_avg_pool", "pooled_value_count",
    # Part 7: compare, and make it fast
    "filter_bank", "pooling_comparison", "im_conv_fast",
]
