/* SPDX-License-Identifier: MIT */
/* The slots' crypto callbacks (fl_sha256_fn, fl_ecdsa_p256_verify_fn) on mbedTLS 2.28, one file for every port:
 * the host links Debian's libmbedcrypto (libmbedtls-dev); the Cortex-M7 images (qemu-m7, stm32h743) link the
 * same mbedTLS 2.28.3 built from Debian's source package with Fleet's configuration (third_party/mbedtls), where
 * the bignums come from a static heap the port sets up with mbedtls_memory_buffer_alloc_init(). The core has no
 * crypto of its own. */
#ifndef FL_HOST_CRYPTO_H
#define FL_HOST_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_slots.h"

#ifdef __cplusplus
extern "C" {
#endif

/* user unused. FL_ERR_IO if mbedTLS fails. Portable: no allocation. */
FL_API FL_NODISCARD fl_status_t fl_host_sha256(void *user, const uint8_t *data, size_t len, uint8_t digest[32]);

/* user unused. FL_OK valid; FL_ERR_MISMATCH for a signature that does not verify, an r or s of zero or out of
 * range, or a key that is not a point on P-256; FL_ERR_IO if mbedTLS fails otherwise (on the M7 also when its
 * heap is too small: never taken for a bad signature). */
FL_API FL_NODISCARD fl_status_t fl_host_ecdsa_p256_verify(void *user, const uint8_t public_key[65],
                                                           const uint8_t digest[32], const uint8_t signature[64]);

#ifdef __cplusplus
}
#endif

#endif /* FL_HOST_CRYPTO_H */
