/* SPDX-License-Identifier: MIT */
/* Nearest-centroid tracking: greedy global matching (closest track/blob pair first) inside a distance gate.
 * At thermal frame rates (1-9 Hz) and room occupancies (a handful of people) this is as good as Hungarian
 * matching and costs at most FL_THERMAL_MAX_TRACKS^2 distance checks per assignment. */
#include "fl_thermal_internal.h"

static int64_t dist2(int32_t ax, int32_t ay, int32_t bx, int32_t by)
{
    int64_t dx = (int64_t)ax - bx;
    int64_t dy = (int64_t)ay - by;
    return dx * dx + dy * dy;
}

static int confirmed(const fl_thermal_t *t, const fl_thermal_track_t *tr)
{
    return tr->hits >= t->cfg.track_confirm_frames;
}

void fl_thermal_track_update(fl_thermal_t *t, fl_thermal_result_t *out)
{
    int track_used[FL_THERMAL_MAX_TRACKS] = {0};
    int blob_used[FL_THERMAL_MAX_BLOBS] = {0};
    /* Gate in Q8 pixels: per mille of the diagonal (squared to stay in integers). */
    int64_t diag2_q16 = dist2(0, 0, t->width * 256, t->height * 256);
    int64_t gate2 = diag2_q16 * t->cfg.track_gate_permille / 1000 * t->cfg.track_gate_permille / 1000;
    int32_t k;
    if (t->cfg.track_gate_permille == 0) {
        return;
    }
    for (;;) {
        int best_t = -1;
        int best_b = -1;
        int64_t best = gate2 + 1;
        int32_t i;
        int32_t j;
        for (i = 0; i < FL_THERMAL_MAX_TRACKS; i++) {
            if (!t->tracks[i].active || track_used[i]) {
                continue;
            }
            for (j = 0; j < out->n_blobs; j++) {
                int64_t d;
                if (blob_used[j]) {
                    continue;
                }
                d = dist2(t->tracks[i].cx_q8, t->tracks[i].cy_q8, out->blobs[j].cx_q8, out->blobs[j].cy_q8);
                if (d < best) {
                    best = d;
                    best_t = (int)i;
                    best_b = (int)j;
                }
            }
        }
        if (best_t < 0) {
            break;
        }
        track_used[best_t] = 1;
        blob_used[best_b] = 1;
        {
            fl_thermal_track_t *tr = &t->tracks[best_t];
            tr->cx_q8 = out->blobs[best_b].cx_q8;
            tr->cy_q8 = out->blobs[best_b].cy_q8;
            tr->misses = 0;
            if (tr->hits < t->cfg.track_confirm_frames) {
                tr->hits++;
                if (confirmed(t, tr)) {
                    t->entries++;
                }
            }
            out->blobs[best_b].track_id = confirmed(t, tr) ? tr->id : 0;
        }
    }
    for (k = 0; k < FL_THERMAL_MAX_TRACKS; k++) {
        fl_thermal_track_t *tr = &t->tracks[k];
        if (!tr->active || track_used[k]) {
            continue;
        }
        tr->misses++;
        if (tr->misses > t->cfg.track_lost_frames) {
            /* Unconfirmed tracks were noise: they never counted as an entry, so they do not count as an exit. */
            if (confirmed(t, tr)) {
                t->exits++;
            }
            tr->active = 0;
        }
    }
    for (k = 0; k < out->n_blobs; k++) {
        int32_t s;
        if (blob_used[k]) {
            continue;
        }
        for (s = 0; s < FL_THERMAL_MAX_TRACKS; s++) {
            if (!t->tracks[s].active) {
                break;
            }
        }
        if (s == FL_THERMAL_MAX_TRACKS) {
            break; /* all slots busy: the person is still counted, just not tracked */
        }
        t->tracks[s].active = 1;
        t->tracks[s].id = t->next_track_id;
        t->next_track_id = t->next_track_id == INT32_MAX ? 1 : t->next_track_id + 1;
        t->tracks[s].cx_q8 = out->blobs[k].cx_q8;
        t->tracks[s].cy_q8 = out->blobs[k].cy_q8;
        t->tracks[s].hits = 1;
        t->tracks[s].misses = 0;
        if (confirmed(t, &t->tracks[s])) {
            t->entries++;
            out->blobs[k].track_id = t->tracks[s].id;
        }
    }
}
