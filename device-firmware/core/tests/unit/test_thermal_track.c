/* SPDX-License-Identifier: MIT */
/* Tracking: a person walking through a 32x24 view is one entry and one exit with a stable id. */
#include "fl_test.h"
#include "test_thermal_util.h"

static tt_fixture_t fx;

static void walk(int32_t y, int32_t x0, int32_t x1, int32_t step)
{
    int32_t x;
    for (x = x0; step > 0 ? x <= x1 : x >= x1; x += step) {
        tt_fill(&fx, 2000);
        tt_rect(&fx, x, y, 3, 5, 3100);
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    }
}

static void empty_frames(int n)
{
    int i;
    tt_fill(&fx, 2000);
    for (i = 0; i < n; i++) {
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    }
}

static void one_walker_is_one_entry_and_one_exit(void)
{
    fl_thermal_config_t c;
    int32_t id;
    fl_thermal_config_default(&c, 32, 24);
    FL_CHECK(tt_init(&fx, &c, 32, 24));
    empty_frames(1);
    walk(8, 0, 27, 1);
    FL_CHECK_EQ_INT(1, fx.res.entries);
    FL_CHECK_EQ_INT(0, fx.res.exits);
    id = fx.res.blobs[0].track_id;
    FL_CHECK(id > 0);
    empty_frames(c.track_lost_frames + 1);
    FL_CHECK_EQ_INT(1, fx.res.exits);
    /* A second walker gets a new id. */
    walk(12, 27, 0, -2);
    FL_CHECK_EQ_INT(2, fx.res.entries);
    FL_CHECK(fx.res.blobs[0].track_id != id);
}

static void two_walkers_crossing_paths_keep_their_ids(void)
{
    fl_thermal_config_t c;
    int32_t x;
    int32_t id_left = 0;
    int32_t id_right = 0;
    fl_thermal_config_default(&c, 32, 24);
    FL_CHECK(tt_init(&fx, &c, 32, 24));
    empty_frames(1);
    for (x = 0; x <= 26; x++) {
        tt_fill(&fx, 2000);
        tt_rect(&fx, x, 2, 3, 5, 3100);      /* left to right, top */
        tt_rect(&fx, 26 - x, 15, 3, 5, 3100); /* right to left, bottom */
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
        if (x == 5) {
            id_left = fx.res.blobs[0].y == 2 ? fx.res.blobs[0].track_id : fx.res.blobs[1].track_id;
            id_right = fx.res.blobs[0].y == 15 ? fx.res.blobs[0].track_id : fx.res.blobs[1].track_id;
        }
    }
    FL_CHECK(id_left > 0 && id_right > 0 && id_left != id_right);
    FL_CHECK_EQ_INT(id_left, fx.res.blobs[0].y == 2 ? fx.res.blobs[0].track_id : fx.res.blobs[1].track_id);
    FL_CHECK_EQ_INT(2, fx.res.entries);
    empty_frames(c.track_lost_frames + 1);
    FL_CHECK_EQ_INT(2, fx.res.exits);
}

static void flicker_is_not_an_entry(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 32, 24);
    FL_CHECK(tt_init(&fx, &c, 32, 24));
    empty_frames(1);
    walk(8, 10, 11, 1); /* two frames: below track_confirm_frames */
    empty_frames(c.track_lost_frames + 1);
    FL_CHECK_EQ_INT(0, fx.res.entries);
    FL_CHECK_EQ_INT(0, fx.res.exits);
}

static void tracking_can_be_switched_off(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 32, 24);
    c.track_gate_permille = 0;
    FL_CHECK(tt_init(&fx, &c, 32, 24));
    empty_frames(1);
    walk(8, 0, 20, 1);
    FL_CHECK_EQ_INT(0, fx.res.entries);
    FL_CHECK_EQ_INT(0, fx.res.blobs[0].track_id);
    FL_CHECK_EQ_INT(1, fx.res.count);
}

int main(void)
{
    int passed = 0;
    FL_RUN(one_walker_is_one_entry_and_one_exit, passed);
    FL_RUN(two_walkers_crossing_paths_keep_their_ids, passed);
    FL_RUN(flicker_is_not_an_entry, passed);
    FL_RUN(tracking_can_be_switched_off, passed);
    FL_TEST_MAIN_END(passed);
}
