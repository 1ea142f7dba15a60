/* SPDX-License-Identifier: MIT */
/* Input preprocessing: camera vs corrected scaling, ROI clipping, nearest vs bilinear, grayscale/RGB565,
 * and the integer luma formula against the firmware's double-precision table formula for all 65536 pixels. */
#include <stdint.h>
#include <string.h>

#include "fl/fl_model_network.h"
#include "fl_test.h"

/* A net whose only interesting part is the DATA layer: DATA h x w x c -> IP 1 (weights ignored here). */
static fl_network_layer_t g_layers[2];

static fl_network_t make_net(uint32_t h, uint32_t w, uint32_t c, int32_t r, int32_t g, int32_t b, int32_t scale)
{
    fl_network_t net;
    memset(g_layers, 0, sizeof g_layers);
    memset(&net, 0, sizeof net);
    g_layers[0].type = FL_NETWORK_LAYER_DATA;
    g_layers[0].n = 1;
    g_layers[0].h = h;
    g_layers[0].w = w;
    g_layers[0].c = c;
    g_layers[0].mean[0] = r;
    g_layers[0].mean[1] = g;
    g_layers[0].mean[2] = b;
    g_layers[0].scale = scale;
    net.layers = g_layers;
    net.info.n_layers = 2;
    net.info.in_h = h;
    net.info.in_w = w;
    net.info.in_c = c;
    return net;
}

static fl_image_t gray(const uint8_t *px, int32_t w, int32_t h)
{
    fl_image_t img;
    img.pixels = px;
    img.w = w;
    img.h = h;
    img.stride = w;
    img.fmt = FL_PIXFMT_GRAYSCALE;
    return img;
}

static void test_scaling_camera_half_amplitude_vs_corrected(void)
{
    /* mean 128, scale 8: camera ((p-128)*128 + 128) >> 8: 255 -> 64, 0 -> -64 (floor of -63.5), 129 -> 1 (0.5+0.5);
     * corrected (p-128) * 2^0: 127, -128, 1. */
    const uint8_t px[4] = {255, 0, 129, 128};
    fl_network_t net = make_net(2, 2, 1, 128, 128, 128, 8);
    fl_image_t img = gray(px, 2, 2);
    int8_t t[4];
    const int8_t cam[4] = {64, -64, 1, 0};
    const int8_t cor[4] = {127, -128, 1, 0};
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_MEM_EQ(cam, t, 4);
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_MEM_EQ(cor, t, 4);
    /* scale 9 (2019 nets): corrected = floor((p - mean) / 2): 255 -> 63, 0 -> -64, 129 -> 0 */
    net = make_net(2, 2, 1, 128, 128, 128, 9);
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_EQ_INT(63, t[0]);
    FL_CHECK_EQ_INT(-64, t[1]);
    FL_CHECK_EQ_INT(0, t[2]);
    /* scale 1 (LeNet): camera (p - 0) * 64 saturates: 255 -> 127 */
    net = make_net(2, 2, 1, 0, 0, 0, 1);
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_EQ_INT(127, t[0]);
    FL_CHECK_EQ_INT(0, t[1]);
}

static void test_gray_into_rgb_net_uses_mixed_mean_on_camera(void)
{
    /* means (125, 123, 114): camera mean = (int)(37.5 + 72.57 + 12.54) = (int)122.61 = 122 for all;
     * p = 200, scale 8: ((78*128) + 128) >> 8 = 39 on every channel. corrected: 75, 77, 86, full amplitude. */
    const uint8_t px[1] = {200};
    fl_network_t net = make_net(1, 1, 3, 125, 123, 114, 8);
    fl_image_t img = gray(px, 1, 1);
    int8_t t[3];
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_EQ_INT(39, t[0]);
    FL_CHECK_EQ_INT(39, t[1]);
    FL_CHECK_EQ_INT(39, t[2]);
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_EQ_INT(75, t[0]);
    FL_CHECK_EQ_INT(77, t[1]);
    FL_CHECK_EQ_INT(86, t[2]);
}

static void test_rgb565_channels_and_byte_swap(void)
{
    /* r5 = 31, g6 = 0, b5 = 16 -> R 255, G 0, B rb528[16] = floor((4080 + 15.5)/31) = 132 */
    uint16_t px[1];
    fl_image_t img;
    fl_network_t net = make_net(1, 1, 3, 0, 0, 0, 8);
    int8_t t[3];
    px[0] = (uint16_t)((31u << 11) | 16u);
    img.pixels = px;
    img.w = 1;
    img.h = 1;
    img.stride = 1;
    img.fmt = FL_PIXFMT_RGB565;
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_EQ_INT(127, t[0]); /* 255 saturates */
    FL_CHECK_EQ_INT(0, t[1]);
    FL_CHECK_EQ_INT(127, t[2]);
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_EQ_INT(127, t[0]); /* (255*128 + 128) >> 8 = 128 -> 127 */
    FL_CHECK_EQ_INT(66, t[2]);  /* (132*128 + 128) >> 8 = 66 */
    px[0] = (uint16_t)(((px[0] & 0xFFu) << 8) | (px[0] >> 8));
    img.fmt = FL_PIXFMT_RGB565_SWAPPED;
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_EQ_INT(66, t[2]);
    FL_CHECK_EQ_INT(255, fl_network_r5_to_8(31));
    FL_CHECK_EQ_INT(132, fl_network_r5_to_8(16));
    FL_CHECK_EQ_INT(130, fl_network_g6_to_8(32)); /* floor((8160 + 31.5)/63) = 130 */
}

static void test_luma_matches_firmware_double_formula(void)
{
    /* Every RGB565 pixel into a 1-channel net (mean 128, scale 8, corrected: q = Y - 128) must give
     * int(0.299 R + 0.587 G + 0.114 B) - 128. Also records that the integer shortcut is NOT exact. */
    static uint16_t px[256];
    fl_network_t net = make_net(16, 16, 1, 128, 128, 128, 8);
    fl_image_t img;
    int8_t t[256];
    uint32_t base, i;
    unsigned bad = 0, int_diff = 0;
    img.pixels = px;
    img.w = 16;
    img.h = 16;
    img.stride = 16;
    img.fmt = FL_PIXFMT_RGB565;
    for (base = 0; base < 65536u; base += 256u) {
        for (i = 0; i < 256u; i++) {
            px[i] = (uint16_t)(base + i);
        }
        if (fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, &img, NULL, t) != FL_OK) {
            bad++;
            continue;
        }
        for (i = 0; i < 256u; i++) {
            uint32_t pix = base + i;
            int32_t r = fl_network_r5_to_8(pix >> 11), g = fl_network_g6_to_8(pix >> 5), b = fl_network_r5_to_8(pix);
            int32_t yd = (int32_t)(0.299 * r + 0.587 * g + 0.114 * b);
            int32_t q = yd - 128;
            bad += t[i] != (int8_t)(q > 127 ? 127 : q);
            int_diff += (299 * r + 587 * g + 114 * b) / 1000 != yd;
        }
    }
    FL_CHECK_EQ_INT(0, bad);
    FL_CHECK_EQ_INT(10, int_diff);
}

static void test_roi_clipping_nearest_and_bilinear(void)
{
    /* 4x4 ramp p = 10 * x + y; ROI (2, 2, 10, 10) clips to (2, 2, 2, 2); net 2x2, mean 0, corrected, scale 8 */
    uint8_t px[16];
    int8_t t[4];
    int x, y;
    fl_rect_t roi;
    fl_network_t net = make_net(2, 2, 1, 0, 0, 0, 8);
    fl_image_t img = gray(px, 4, 4);
    for (y = 0; y < 4; y++) {
        for (x = 0; x < 4; x++) {
            px[y * 4 + x] = (uint8_t)(10 * x + y);
        }
    }
    roi.x = 2;
    roi.y = 2;
    roi.w = 10;
    roi.h = 10;
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, &img, &roi, t));
    FL_CHECK_EQ_INT(22, t[0]);
    FL_CHECK_EQ_INT(32, t[1]);
    FL_CHECK_EQ_INT(23, t[2]);
    FL_CHECK_EQ_INT(33, t[3]);
    /* whole 4x4 image -> 2x2 bilinear at centres 0.5 and 2.5: value = 10 * 0.5 + 0.5 = 5.5 -> 6 (half up),
     * 10 * 2.5 + 0.5 = 25.5 -> 26, etc. */
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_BILINEAR, &img, NULL, t));
    FL_CHECK_EQ_INT(6, t[0]);
    FL_CHECK_EQ_INT(26, t[1]);
    FL_CHECK_EQ_INT(8, t[2]);
    FL_CHECK_EQ_INT(28, t[3]);
    /* nearest on the whole image, camera ratio ((4 << 16) / 2) + 1: x = 1 -> (131073 >> 16) = 2 */
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, &img, NULL, t));
    FL_CHECK_EQ_INT(0, t[0]);
    FL_CHECK_EQ_INT(20, t[1]);
    FL_CHECK_EQ_INT(2, t[2]);
    /* ROI outside the image */
    roi.x = 4;
    FL_CHECK_EQ_INT(FL_ERR_RANGE,
                    fl_network_preprocess(&net, FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, &img, &roi, t));
    roi.x = -10;
    roi.w = 11; /* overlaps column 0 only */
    FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, &img, &roi, t));
    FL_CHECK_EQ_INT(2, t[0]);
    FL_CHECK_EQ_INT(2, t[1]);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_scaling_camera_half_amplitude_vs_corrected, passed);
    FL_RUN(test_gray_into_rgb_net_uses_mixed_mean_on_camera, passed);
    FL_RUN(test_rgb565_channels_and_byte_swap, passed);
    FL_RUN(test_luma_matches_firmware_double_formula, passed);
    FL_RUN(test_roi_clipping_nearest_and_bilinear, passed);
    FL_TEST_MAIN_END(passed);
}
