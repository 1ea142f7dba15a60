/* SPDX-License-Identifier: MIT */
/* Presence hysteresis: on after presence_on_frames, off after presence_off_frames. */
#include "fl_test.h"
#include "test_thermal_util.h"

static tt_fixture_t fx;

static void presence_needs_consecutive_frames(void)
{
    fl_thermal_config_t c;
    int i;
    fl_thermal_config_default(&c, 4, 4);
    c.presence_on_frames = 3;
    c.presence_off_frames = 4;
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    tt_fill(&fx, 2000);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    /* A one-frame blip does not turn presence on. */
    fx.frame[6] = 2600;
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(1, fx.res.count);
    FL_CHECK_EQ_INT(0, fx.res.present);
    fx.frame[6] = 2000;
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(0, fx.res.present);
    fx.frame[6] = 2600;
    for (i = 0; i < 2; i++) {
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
        FL_CHECK_EQ_INT(0, fx.res.present);
    }
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(1, fx.res.present);
    /* Short gaps keep presence; the fourth empty frame ends it. */
    fx.frame[6] = 2000;
    for (i = 0; i < 3; i++) {
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
        FL_CHECK_EQ_INT(0, fx.res.count);
        FL_CHECK_EQ_INT(1, fx.res.present);
    }
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(0, fx.res.present);
}

static void reset_forgets_presence(void)
{
    fl_thermal_config_t c;
    int i;
    fl_thermal_config_default(&c, 4, 4);
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    tt_fill(&fx, 2000);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    fx.frame[0] = 2600;
    for (i = 0; i < 5; i++) {
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    }
    FL_CHECK_EQ_INT(1, fx.res.present);
    fl_thermal_reset(&fx.det);
    tt_fill(&fx, 2000);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    FL_CHECK_EQ_INT(0, fx.res.present);
}

int main(void)
{
    int passed = 0;
    FL_RUN(presence_needs_consecutive_frames, passed);
    FL_RUN(reset_forgets_presence, passed);
    FL_TEST_MAIN_END(passed);
}
