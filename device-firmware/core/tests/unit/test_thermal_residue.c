/* SPDX-License-Identifier: MIT */
/* Cooling-residue model: a vacated warm spot relaxing towards the room stops being a person, a person holding
 * still does not. Scene: 4x4 at 22 C, one pixel warmed by a person (+3 C), then left to cool exponentially. */
#include "fl_test.h"
#include "test_thermal_util.h"

static tt_fixture_t fx;

#define ROOM_CC 2200
#define SPOT_X 1
#define SPOT_Y 2

/* A person present for `frames` frames: the spot at +3 C with +-0.1 C of alternating breathing/noise. */
static void hold_person(int frames)
{
    int i;
    for (i = 0; i < frames; i++) {
        tt_fill(&fx, ROOM_CC);
        fx.frame[SPOT_Y * 4 + SPOT_X] = (int16_t)(ROOM_CC + 300 + ((i / 3) % 2 == 0 ? 10 : -10));
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    }
}

/* The spot after the person left: excess 2.5 C decaying with a 600-frame time constant, quantised to 0.1 C
 * like the D6T. Returns the first frame at which presence is off (or -1), and the excess at that frame. */
static int cool_down(int frames, int *excess_at_off)
{
    int i;
    int32_t excess_q8 = 250 * 256;
    for (i = 0; i < frames; i++) {
        int excess = (int)(excess_q8 / 256);
        excess_q8 -= excess_q8 / 600;
        tt_fill(&fx, ROOM_CC);
        fx.frame[SPOT_Y * 4 + SPOT_X] = (int16_t)(ROOM_CC + excess / 10 * 10);
        FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
        if (!fx.res.present) {
            *excess_at_off = excess;
            return i;
        }
    }
    return -1;
}

static void still_person_stays_present(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 4, 4);
    FL_CHECK(c.residue_score > 0);
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    tt_fill(&fx, ROOM_CC);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    hold_person(5000);
    FL_CHECK_EQ_INT(1, fx.res.present);
    FL_CHECK_EQ_INT(1, fx.res.count);
}

static void cooling_spot_becomes_residue(void)
{
    fl_thermal_config_t c;
    int excess = 0;
    int off_at;
    fl_thermal_config_default(&c, 4, 4);
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    tt_fill(&fx, ROOM_CC);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    hold_person(1000);
    FL_CHECK_EQ_INT(1, fx.res.present);
    off_at = cool_down(3000, &excess);
    /* Off while the spot is still well above the 0.5 C margin: the cooling, not the level, decided it. */
    FL_CHECK(off_at >= 0);
    FL_CHECK(excess >= 100);
    printf("residue: presence off after %d cooling frames, spot still +%d cc\n", off_at, excess);
}

static void without_model_cooling_spot_stays_a_person(void)
{
    fl_thermal_config_t c;
    int excess = 0;
    int off_at;
    fl_thermal_config_default(&c, 4, 4);
    c.residue_score = 0;
    FL_CHECK(tt_init(&fx, &c, 4, 4));
    tt_fill(&fx, ROOM_CC);
    FL_CHECK(tt_step(&fx, FL_THERMAL_NO_AMBIENT));
    hold_person(1000);
    off_at = cool_down(3000, &excess);
    /* Only when the excess falls under the margin (or never): the frozen background makes it a person. */
    FL_CHECK(off_at < 0 || excess < 100);
}

static void residue_config_is_validated(void)
{
    fl_thermal_config_t c;
    fl_thermal_config_default(&c, 4, 4);
    c.residue_absorb_frames = 0;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 4, 4);
    c.residue_delta_cc = -1;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    fl_thermal_config_default(&c, 4, 4);
    c.init_from_median = 2;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_thermal_config_validate(&c));
    /* The residue planes are part of the persistent state size. */
    fl_thermal_config_default(&c, 4, 4);
    {
        size_t with = fl_thermal_state_bytes(4, 4, &c);
        c.residue_score = 0;
        FL_CHECK(with >= fl_thermal_state_bytes(4, 4, &c) + 3u * 16u * sizeof(int32_t));
    }
}

int main(void)
{
    int passed = 0;
    FL_RUN(still_person_stays_present, passed);
    FL_RUN(cooling_spot_becomes_residue, passed);
    FL_RUN(without_model_cooling_spot_stays_a_person, passed);
    FL_RUN(residue_config_is_validated, passed);
    FL_TEST_MAIN_END(passed);
}
