/* SPDX-License-Identifier: MIT */
/* libFuzzer target: decoding arbitrary bytes must never crash or read out of bounds, and whatever decodes must
 * re-encode to exactly the input (the decoder accepts only the deterministic encoding, so decode is injective). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fl_msg_t msg; /* static: 1 KB, and the fuzzer is single-threaded */
    static uint8_t out[FL_PROTO_MAX_PAYLOAD];
    size_t out_len = 0;
    fl_status_t st = fl_proto_decode(data, size, &msg);

    if (st != FL_OK) {
        return 0;
    }
    if (fl_proto_encode(&msg, out, sizeof out, &out_len) != FL_OK || out_len != size ||
        memcmp(out, data, size) != 0) {
        abort();
    }
    /* The sizing pass must agree with the real one. */
    if (fl_proto_encode(&msg, NULL, 0, &out_len) != FL_OK || out_len != size) {
        abort();
    }
    return 0;
}
