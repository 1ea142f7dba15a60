/* SPDX-License-Identifier: MIT */
/* RGB565 to gray as the camera's find_features() sees an RGB565 frame (IM_TO_GS_PIXEL through yuv_table). */
#include "fl/fl_haar.h"

void fl_haar_rgb565_to_gray(const uint16_t *src, uint8_t *dst, size_t n)
{
    size_t i;
    if (src == NULL || dst == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        uint32_t pix = src[i];
        /* rb528[v] = floor((255 v + 15.5) / 31), g628[v] = floor((255 v + 31.5) / 63): the firmware tables */
        uint32_t r = (510u * ((pix >> 11) & 31u) + 31u) / 62u;
        uint32_t g = (510u * ((pix >> 5) & 63u) + 63u) / 126u;
        uint32_t b = (510u * (pix & 31u) + 31u) / 62u;
        /* The table generator evaluated Y in double precision in this order; an integer form differs on a few
         * pixels whose exact value is a whole number the double sum undershoots. */
        dst[i] = (uint8_t)(0.299 * (double)r + 0.587 * (double)g + 0.114 * (double)b);
    }
}
