/* SPDX-License-Identifier: MIT */
/* SHA-256 and ECDSA P-256 verification through mbedTLS 2.28 (fl_host_crypto.h); shared by the host and the M7
 * ports. */
#include "fl_host_crypto.h"

#include <mbedtls/bignum.h>
#include <mbedtls/version.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/sha256.h>

fl_status_t fl_host_sha256(void *user, const uint8_t *data, size_t len, uint8_t digest[32])
{
    (void)user;
#if MBEDTLS_VERSION_MAJOR >= 3
    return mbedtls_sha256(data, len, digest, 0) == 0 ? FL_OK : FL_ERR_IO;
#else
    return mbedtls_sha256_ret(data, len, digest, 0) == 0 ? FL_OK : FL_ERR_IO; /* 2.x: the non-deprecated name */
#endif
}

fl_status_t fl_host_ecdsa_p256_verify(void *user, const uint8_t public_key[65], const uint8_t digest[32],
                                      const uint8_t signature[64])
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi r, s;
    fl_status_t st = FL_ERR_IO;
    int rc;
    (void)user;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1) != 0 ||
        mbedtls_mpi_read_binary(&r, signature, 32) != 0 || mbedtls_mpi_read_binary(&s, signature + 32, 32) != 0) {
        goto done;
    }
    /* A key that is not on the curve can never verify anything: a mismatch, not a failure of the library. Out of
     * memory (the M7's fixed heap) is the library failing, and must not read as "bad signature". */
    rc = mbedtls_ecp_point_read_binary(&grp, &q, public_key, 65);
    if (rc == 0) {
        rc = mbedtls_ecp_check_pubkey(&grp, &q);
    }
    if (rc != 0) {
        st = rc == MBEDTLS_ERR_MPI_ALLOC_FAILED ? FL_ERR_IO : FL_ERR_MISMATCH;
        goto done;
    }
    rc = mbedtls_ecdsa_verify(&grp, digest, 32, &q, &r, &s);
    if (rc == 0) {
        st = FL_OK;
    } else if (rc == MBEDTLS_ERR_ECP_VERIFY_FAILED || rc == MBEDTLS_ERR_ECP_BAD_INPUT_DATA) {
        st = FL_ERR_MISMATCH;
    }
done:
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&r);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return st;
}
