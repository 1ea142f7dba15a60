/* SPDX-License-Identifier: MIT */
/* Connected components and blob filters on hand-made 4x4 and 32x24 frames. */
#include "fl_test.h"
#include "test_thermal_util.h"

static tt_fixture_t fx;

static void start_empty(int32_t w, int32_t h, fl_thermal_config_t *c)
{
    FL_CHECK(tt_init(&fx, c, w, h));
    tt_fill(&fx, 2000);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
}

static void one_pixel_person_on_4x4(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 4, 4);
    start_empty(4, 4, &c);
    fx.frame[2 * 4 + 3] = 2300;
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(1, fx.res.count);
    FL_CHECK_EQ_INT(3, fx.res.blobs[0].x);
    FL_CHECK_EQ_INT(2, fx.res.blobs[0].y);
    FL_CHECK_EQ_INT(1, fx.res.blobs[0].w);
    FL_CHECK_EQ_INT(1, fx.res.blobs[0].pixels);
    FL_CHECK_EQ_INT(2300, fx.res.blobs[0].peak_cc);
    FL_CHECK_EQ_INT(300, fx.res.blobs[0].contrast_cc);
    FL_CHECK_EQ_INT(3 * 256 + 128, fx.res.blobs[0].cx_q8);
}

static void diagonal_pixels_join_separated_pixels_do_not_on_4x4(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 4, 4);
    start_empty(4, 4, &c);
    fx.frame[0] = 2400;  /* (0,0) */
    fx.frame[5] = 2400;  /* (1,1): diagonal neighbour, same blob */
    fx.frame[15] = 2400; /* (3,3): apart */
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(2, fx.res.count);
    FL_CHECK_EQ_INT(2, fx.res.blobs[0].pixels);
    FL_CHECK_EQ_INT(2, fx.res.blobs[0].w);
    FL_CHECK_EQ_INT(2, fx.res.blobs[0].h);
    FL_CHECK_EQ_INT(1, fx.res.blobs[1].pixels);
}

static void two_people_and_noise_on_32x24(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 32, 24); /* min blob 3 per mille of 768 = 2 px */
    start_empty(32, 24, &c);
    tt_rect(&fx, 2, 3, 3, 6, 3000);
    tt_rect(&fx, 20, 10, 4, 7, 3200);
    fx.frame[30 + 22 * 32] = 3000; /* one hot pixel: too small for a person at this resolution */
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(2, fx.res.count);
    FL_CHECK_EQ_INT(1, fx.res.rejected_blobs);
    FL_CHECK_EQ_INT(18 + 28 + 1, fx.res.fg_pixels);
    FL_CHECK_EQ_INT(2, fx.res.blobs[0].x);
    FL_CHECK_EQ_INT(3, fx.res.blobs[0].y);
    FL_CHECK_EQ_INT(3, fx.res.blobs[0].w);
    FL_CHECK_EQ_INT(6, fx.res.blobs[0].h);
    FL_CHECK_EQ_INT(20, fx.res.blobs[1].x);
    FL_CHECK_EQ_INT(4, fx.res.blobs[1].w);
    FL_CHECK_EQ_INT(7, fx.res.blobs[1].h);
    FL_CHECK_EQ_INT(3200, fx.res.blobs[1].peak_cc);
}

static void size_and_contrast_filters(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 32, 24);
    c.max_blob_permille = 100; /* 77 px */
    start_empty(32, 24, &c);
    tt_rect(&fx, 0, 0, 12, 12, 2600); /* sunlit window: 144 px */
    tt_rect(&fx, 20, 4, 3, 3, 2200);  /* just over the margin: below the peak contrast */
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(0, fx.res.count);
    FL_CHECK_EQ_INT(2, fx.res.rejected_blobs);
}

static void more_people_than_boxes_are_still_counted(void)
{
    fl_thermal_config_t c;
    int i;
    fl_thermal_config_default(&c, 32, 24);
    c.min_blob_permille = 0; /* single pixels count */
    start_empty(32, 24, &c);
    for (i = 0; i < 20; i++) {
        fx.frame[(i % 10) * 3 + (i / 10) * 4 * 32] = 3000;
    }
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(20, fx.res.count);
    FL_CHECK_EQ_INT(FL_THERMAL_MAX_BLOBS, fx.res.n_blobs);
}

static void whole_frame_blob_is_bounded(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 32, 24);
    c.max_blob_permille = 1000;
    start_empty(32, 24, &c);
    tt_fill(&fx, 3000);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(1, fx.res.count);
    FL_CHECK_EQ_INT(32 * 24, fx.res.blobs[0].pixels);
}

int main(void)
{
    int passed = 0;
    FL_RUN(one_pixel_person_on_4x4, passed);
    FL_RUN(diagonal_pixels_join_separated_pixels_do_not_on_4x4, passed);
    FL_RUN(two_people_and_noise_on_32x24, passed);
    FL_RUN(size_and_contrast_filters, passed);
    FL_RUN(more_people_than_boxes_are_still_counted, passed);
    FL_RUN(whole_frame_blob_is_bounded, passed);
    FL_TEST_MAIN_END(passed);
}
