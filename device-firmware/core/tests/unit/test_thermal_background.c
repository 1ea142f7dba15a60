/* SPDX-License-Identifier: MIT */
/* Background model: slow rise, fast fall, freeze under people, cold start, and the human band. */
#include "fl_test.h"
#include "test_thermal_util.h"

static tt_fixture_t fx;

static void empty_room_warming_is_absorbed_slowly(void)
{
    fl_thermal_config_t c;
    int i;
    fl_thermal_config_default(&c, 4, 4);
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    tt_fill(&fx, 2000);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(2000, fl_thermal_background_cc(&fx.det, 1, 1));
    /* +1 C everywhere but below the band: not a person, so the background follows at the rise rate. */
    tt_fill(&fx, 2100);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK(fl_thermal_background_cc(&fx.det, 1, 1) <= 2001);
    for (i = 0; i < 4 * 512; i++) {
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    }
    FL_CHECK(fl_thermal_background_cc(&fx.det, 1, 1) >= 2095);
    FL_CHECK_EQ_INT(0, fx.res.count);
}

static void cooler_scene_pulls_background_down_fast(void)
{
    fl_thermal_config_t c;
    int i;
    fl_thermal_config_default(&c, 4, 4);
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    tt_fill(&fx, 2000);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    tt_fill(&fx, 1800);
    for (i = 0; i < 8 * 6; i++) {
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    }
    FL_CHECK(fl_thermal_background_cc(&fx.det, 2, 2) <= 1802);
}

static void background_freezes_under_a_person(void)
{
    fl_thermal_config_t c;
    int i;
    fl_thermal_config_default(&c, 32, 24);
    FL_CHECK(tt_init(&fx, &c, 32, 24));
    tt_fill(&fx, 2000);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    tt_rect(&fx, 10, 8, 3, 5, 3000);
    for (i = 0; i < 3000; i++) {
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    }
    /* Thousands of frames later the person is still a person: the pixels under them never adapted. */
    FL_CHECK_EQ_INT(2000, fl_thermal_background_cc(&fx.det, 11, 10));
    FL_CHECK_EQ_INT(1, fx.res.count);
    FL_CHECK_EQ_INT(1, fx.res.present);
}

static void person_present_at_power_up_is_seen_with_ambient(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 32, 24);
    FL_CHECK(tt_init(&fx, &c, 32, 24));
    tt_fill(&fx, 2000);
    tt_rect(&fx, 4, 4, 3, 6, 3100);
    FL_CHECK(tt_step(&fx, 2100));
    FL_CHECK_EQ_INT(1, fx.res.count);
    /* Without an ambient reading the frame median stands in for it. */
    fl_thermal_reset(&fx.det);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(1, fx.res.count);
}

static void band_rejects_hot_objects_and_cool_surfaces(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 32, 24);
    FL_CHECK(tt_init(&fx, &c, 32, 24));
    tt_fill(&fx, 1800);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    tt_rect(&fx, 0, 0, 4, 6, 6000);   /* radiator: far above the band */
    tt_rect(&fx, 20, 10, 4, 4, 2150); /* warm wall: above background, below the band */
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(0, fx.res.fg_pixels);
    FL_CHECK_EQ_INT(0, fx.res.count);
    tt_rect(&fx, 10, 10, 3, 4, 3200); /* a person: in the band */
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(1, fx.res.count);
}

static void ambient_band_raises_the_lower_edge(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 4, 4);
    c.ambient_band_cc = 0;
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    tt_fill(&fx, 2300);
    FL_CHECK(tt_step(&fx, 2400));
    fx.frame[5] = 2450; /* warmer than its background but not than the room's ambient reading */
    FL_CHECK(tt_step(&fx, 2500));
    FL_CHECK_EQ_INT(0, fx.res.fg_pixels);
    FL_CHECK(tt_step(&fx, 2400));
    FL_CHECK_EQ_INT(1, fx.res.fg_pixels);
}

int main(void)
{
    int passed = 0;
    FL_RUN(empty_room_warming_is_absorbed_slowly, passed);
    FL_RUN(cooler_scene_pulls_background_down_fast, passed);
    FL_RUN(background_freezes_under_a_person, passed);
    FL_RUN(person_present_at_power_up_is_seen_with_ambient, passed);
    FL_RUN(band_rejects_hot_objects_and_cool_surfaces, passed);
    FL_RUN(ambient_band_raises_the_lower_edge, passed);
    FL_TEST_MAIN_END(passed);
}
