/* SPDX-License-Identifier: MIT */
/* Config defaults, validation and init errors. */
#include "fl_test.h"
#include "test_thermal_util.h"

static void defaults_are_valid_for_every_sensor(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 4, 4);
    FL_CHECK_EQ_INT(FL_OK, fl_thermal_config_validate(&c));
    FL_CHECK_EQ_INT(50, c.margin_cc);
    fl_thermal_config_default(&c, 32, 24);
    FL_CHECK_EQ_INT(FL_OK, fl_thermal_config_validate(&c));
    FL_CHECK_EQ_INT(150, c.margin_cc);
    fl_thermal_config_default(&c, 160, 120);
    FL_CHECK_EQ_INT(FL_OK, fl_thermal_config_validate(&c));
}

static void bad_fields_are_rejected(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 32, 24);
    c.margin_cc = 0;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 32, 24);
    c.band_lo_cc = c.band_hi_cc;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 32, 24);
    c.peak_contrast_cc = c.margin_cc - 1;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 32, 24);
    c.min_blob_permille = 300;
    c.max_blob_permille = 200;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 32, 24);
    c.bg_fall_frames = c.bg_rise_frames + 1;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 32, 24);
    c.ghost_drop_cc = 100;
    c.ghost_frames = 0;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 32, 24);
    c.presence_off_frames = 0;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 32, 24);
    c.track_confirm_frames = 256;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_thermal_config_validate(NULL));
}

static tt_fixture_t fx;

static void init_rejects_bad_config_size_and_small_arena(void)
{
    fl_thermal_config_t c;
    uint8_t small[64];
    fl_arena_t a;
    fl_thermal_config_default(&c, 32, 24);
    c.band_hi_cc = 7000;
    FL_CHECK(!tt_init(&fx, &c, 32, 24));
    fl_thermal_config_default(&c, 32, 24);
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&a, fx.mem, sizeof(fx.mem)));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_init(&fx.det, &c, 3, 4, &a));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_init(&fx.det, &c, 161, 120, &a));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_thermal_init(NULL, &c, 32, 24, &a));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&a, small, sizeof(small)));
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_thermal_init(&fx.det, &c, 32, 24, &a));
}

static void size_queries_cover_what_init_and_process_take(void)
{
    fl_thermal_config_t c;
    fl_arena_t a;
    size_t need;
    fl_thermal_config_default(&c, 32, 24);
    need = fl_thermal_state_bytes(32, 24, &c) + fl_thermal_scratch_bytes(32, 24);
    FL_CHECK(need <= sizeof(fx.mem));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&a, fx.mem, need));
    FL_CHECK_EQ_INT(FL_OK, fl_thermal_init(&fx.det, &c, 32, 24, &a));
    memset(fx.frame, 0, sizeof(fx.frame));
    FL_CHECK_EQ_INT(FL_OK, fl_thermal_process(&fx.det, fx.frame, FL_THERMAL_NO_AMBIENT, &a, &fx.res));
    FL_CHECK_EQ_INT(0u, fl_thermal_state_bytes(2, 2, &c));
    FL_CHECK_EQ_INT(0u, fl_thermal_scratch_bytes(200, 2));
}

static void process_checks_arguments(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 4, 4);
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_thermal_process(&fx.det, NULL, 0, &fx.arena, &fx.res));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_thermal_process(&fx.det, fx.frame, 0, &fx.arena, NULL));
}

int main(void)
{
    int passed = 0;
    FL_RUN(defaults_are_valid_for_every_sensor, passed);
    FL_RUN(bad_fields_are_rejected, passed);
    FL_RUN(init_rejects_bad_config_size_and_small_arena, passed);
    FL_RUN(size_queries_cover_what_init_and_process_take, passed);
    FL_RUN(process_checks_arguments, passed);
    FL_TEST_MAIN_END(passed);
}
