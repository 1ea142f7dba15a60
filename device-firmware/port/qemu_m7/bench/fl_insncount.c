/* SPDX-License-Identifier: MIT */
/* QEMU TCG plugin for the Cortex-M7 benchmarks: counts executed guest instructions between entries of two
 * marker functions of the guest (bench_begin / bench_end) and writes one "region <k> <count>" line per pair,
 * then "total_insns <count>".
 *
 * Debian's qemu-system-arm 7.2 loads plugins but ships no qemu-plugin.h, so the few entry points used here are
 * declared below from QEMU's public plugin API, version 1 (include/qemu/qemu-plugin.h in QEMU 7.2). A plugin
 * built against another API version is refused by QEMU at load time, never misread.
 *
 * How it counts: at translation, each translation block gets an inline "add its instruction count" to one
 * counter (executed every time the block runs, no callback cost); the blocks that start at the marker addresses
 * also get a callback, registered first so it sees the counter before the marker block's own instructions.
 * Cortex-M is single-core, so the counter needs no atomics.
 *
 * Build: cc -O2 -shared -fPIC -o libfl_insncount.so fl_insncount.c
 * Use:   qemu-system-arm ... -plugin ./libfl_insncount.so,begin=0x<bench_begin>,end=0x<bench_end>,out=<file> */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- QEMU plugin API v1 (the subset used) ---- */
#define FL_PLUGIN_EXPORT __attribute__((visibility("default")))
typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op, void *ptr,
                                              uint64_t imm);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

FL_PLUGIN_EXPORT int qemu_plugin_version = 1;
FL_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv);

/* ---- state ---- */
static uint64_t g_executed;
static uint64_t g_region_start;
static int g_in_region;
static unsigned g_region;
static uint64_t g_begin_pc = UINT64_MAX;
static uint64_t g_end_pc = UINT64_MAX;
static FILE *g_out;

static void on_begin(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    (void)udata;
    g_region_start = g_executed;
    g_in_region = 1;
}

static void on_end(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    (void)udata;
    if (!g_in_region) {
        return; /* an end without a begin measures nothing */
    }
    fprintf(g_out, "region %u %" PRIu64 "\n", g_region++, g_executed - g_region_start);
    fflush(g_out);
    g_in_region = 0;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    uint64_t pc = qemu_plugin_tb_vaddr(tb);
    (void)id;
    if (pc == g_begin_pc) {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, on_begin, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
    if (pc == g_end_pc) {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, on_end, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &g_executed,
                                             (uint64_t)qemu_plugin_tb_n_insns(tb));
}

static void on_plugin_exit(qemu_plugin_id_t id, void *udata)
{
    (void)id;
    (void)udata;
    fprintf(g_out, "total_insns %" PRIu64 "\n", g_executed);
    if (g_out != stderr) {
        fclose(g_out);
    }
}

/* "0x..." to an address with the Thumb bit cleared (nm prints function addresses without it, a caller may not). */
static int parse_pc(const char *s, uint64_t *pc)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);
    if (end == s || *end != '\0') {
        return -1;
    }
    *pc = (uint64_t)v & ~(uint64_t)1u;
    return 0;
}

int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    int i;
    (void)info;
    g_out = stderr;
    for (i = 0; i < argc; i++) {
        if (strncmp(argv[i], "begin=", 6) == 0) {
            if (parse_pc(argv[i] + 6, &g_begin_pc) != 0) {
                fprintf(stderr, "fl_insncount: bad %s\n", argv[i]);
                return -1;
            }
        } else if (strncmp(argv[i], "end=", 4) == 0) {
            if (parse_pc(argv[i] + 4, &g_end_pc) != 0) {
                fprintf(stderr, "fl_insncount: bad %s\n", argv[i]);
                return -1;
            }
        } else if (strncmp(argv[i], "out=", 4) == 0) {
            g_out = fopen(argv[i] + 4, "w");
            if (g_out == NULL) {
                fprintf(stderr, "fl_insncount: cannot write %s\n", argv[i] + 4);
                return -1;
            }
        } else {
            fprintf(stderr, "fl_insncount: unknown argument %s (begin=, end=, out=)\n", argv[i]);
            return -1;
        }
    }
    if (g_begin_pc == UINT64_MAX || g_end_pc == UINT64_MAX) {
        fprintf(stderr, "fl_insncount: begin= and end= are required\n");
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_plugin_exit, NULL);
    return 0;
}
