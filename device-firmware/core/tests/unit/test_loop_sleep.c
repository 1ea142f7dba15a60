/* SPDX-License-Identifier: MIT */
/* The deepest-sleep choice: the mode with the least charge for one sleep plus its wake-up, never deeper than
 * the configuration allows, never Standby with a thermal background in RAM; and the loop sleeps in that mode
 * (the host clock charges that mode's wake-up). Expected modes are computed from the profile JSON here. */
#include "fl/fl_loop.h"
#include "fl_test.h"
#include "test_loop_support.h"

static const char *const MODES[FL_SLEEP_MODE_COUNT] = {"cpu", "stop", "standby"};

/* argmin over modes 0..deepest of sleep + wake-up charge, ties to the deeper mode, from the JSON. */
static fl_sleep_mode_t expected(uint32_t interval_ms, fl_sleep_mode_t deepest, const char *radio_json)
{
    double radio_sleep = tl_json(radio_json, "sleep_ua", NULL);
    uint64_t best = UINT64_MAX;
    fl_sleep_mode_t m, pick = FL_SLEEP_CPU;
    for (m = FL_SLEEP_CPU; m <= deepest; m = (fl_sleep_mode_t)(m + 1)) {
        uint64_t uc = tl_uc(tl_json("openmv-h7.json", "sleep", MODES[m], "current_ua", NULL) + radio_sleep,
                            (double)interval_ms * 1000.0) +
                      tl_uc(tl_json("openmv-h7.json", "wake", MODES[m], "current_ua", NULL),
                            tl_json("openmv-h7.json", "wake", MODES[m], "duration_us", NULL));
        if (uc <= best) {
            best = uc;
            pick = m;
        }
    }
    return pick;
}

static void test_choice_matches_the_profile_arithmetic(void)
{
    static const uint32_t intervals_ms[] = {1, 10, 50, 100, 120, 200, 1000, 60000, 3600000, 86400000};
    fl_sleep_mode_t deepest;
    size_t i;
    int saw_stop_beat_standby = 0, saw_standby = 0;
    tl_prepare("openmv-h7", "lora-sf7");
    for (deepest = FL_SLEEP_CPU; deepest <= FL_SLEEP_STANDBY; deepest = (fl_sleep_mode_t)(deepest + 1)) {
        tl_env.lc.deepest_sleep = deepest;
        for (i = 0; i < sizeof intervals_ms / sizeof intervals_ms[0]; i++) {
            fl_sleep_mode_t want = expected(intervals_ms[i], deepest, "radio-lora-sf7.json");
            fl_sleep_mode_t got = fl_loop_choose_sleep(&tl_env.lc, intervals_ms[i]);
            FL_CHECK_EQ_INT(want, got);
            FL_CHECK(got <= deepest);
            if (deepest == FL_SLEEP_STANDBY) {
                saw_stop_beat_standby |= got == FL_SLEEP_STOP;
                saw_standby |= got == FL_SLEEP_STANDBY;
            }
        }
    }
    /* The profile makes both outcomes happen: a boot out of Standby does not pay for a very short sleep. */
    FL_CHECK(saw_stop_beat_standby);
    FL_CHECK(saw_standby);
}

static void test_thermal_never_standby(void)
{
    tl_prepare("openmv-h7", "lora-sf7");
    tl_env.lc.detect = FL_LOOP_DETECT_THERMAL;
    tl_env.lc.deepest_sleep = FL_SLEEP_STANDBY;
    FL_CHECK_EQ_INT(expected(60000, FL_SLEEP_STOP, "radio-lora-sf7.json"), fl_loop_choose_sleep(&tl_env.lc, 60000));
    FL_CHECK(fl_loop_choose_sleep(&tl_env.lc, 86400000) != FL_SLEEP_STANDBY);
}

static void test_loop_sleeps_in_the_chosen_mode(void)
{
    fl_loop_wake_result_t r[2];
    fl_sleep_mode_t m;
    for (m = FL_SLEEP_CPU; m <= FL_SLEEP_STANDBY; m = (fl_sleep_mode_t)(m + 1)) {
        uint64_t before;
        tl_prepare("openmv-h7", "lora-sf7");
        tl_env.lc.deepest_sleep = m;
        FL_CHECK_EQ_INT(0, tl_start());
        FL_CHECK_EQ_INT(0, tl_wake(&r[0], 0));
        FL_CHECK_EQ_INT(m, r[0].sleep_mode);
        before = tl_host.clock_us;
        {
            fl_wake_reason_t why;
            FL_CHECK_EQ_INT(FL_OK, fl_loop_sleep(&tl_loop, &why));
            FL_CHECK_EQ_INT(FL_WAKE_TIMER, why);
        }
        /* interval + that mode's wake-up, as the profile says */
        FL_CHECK_EQ_INT(60000000.0 + tl_json("openmv-h7.json", "wake", MODES[m], "duration_us", NULL),
                        (double)(tl_host.clock_us - before));
    }
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_choice_matches_the_profile_arithmetic, passed);
    FL_RUN(test_thermal_never_standby, passed);
    FL_RUN(test_loop_sleeps_in_the_chosen_mode, passed);
    FL_TEST_MAIN_END(passed);
}
