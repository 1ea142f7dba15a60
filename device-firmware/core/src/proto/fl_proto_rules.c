/* SPDX-License-Identifier: MIT */
/* Rules across fields of one message (docs/protocol.md §3) that the per-key tables cannot state. The encoder
 * refuses a struct that breaks them and the decoder a payload, so decode -> re-encode stays byte-identical. */
#include "proto/fl_proto_schema.h"

/* Quiet hours are a window: a start without an end (or the reverse) means nothing. */
static fl_status_t quiet_both_or_neither(uint8_t has_start, uint8_t has_end)
{
    return has_start == has_end ? FL_OK : FL_ERR_RANGE;
}

fl_status_t fl_proto_check_rules(const fl_msg_t *msg)
{
    switch (msg->type) {
    case FL_MSG_DESIRED_CONFIG: {
        const fl_desired_config_t *c = &msg->body.desired_config;
        return quiet_both_or_neither(c->has_quiet_start_min, c->has_quiet_end_min);
    }
    case FL_MSG_REPORTED_CONFIG: {
        const fl_reported_config_t *c = &msg->body.reported_config;
        if (c->has_reject_reason != 0 && c->apply_result == FL_APPLY_APPLIED) {
            return FL_ERR_RANGE; /* an applied config has nothing to explain */
        }
        return quiet_both_or_neither(c->has_quiet_start_min, c->has_quiet_end_min);
    }
    default:
        return FL_OK;
    }
}
