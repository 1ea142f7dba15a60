# SPDX-License-Identifier: MIT
# NN kernels (src/nn), the OpenMV .network loader/runner (src/model) and the static arena (src/common).
# Included OPTIONALLY by the top CMakeLists.txt; appends to FL_CORE_SOURCES and registers unit tests.

set(FL_NN_KERNEL_SOURCES
  src/nn/fl_nn_requantize.c
  src/nn/fl_nn_conv_q7.c
  src/nn/fl_nn_dwconv_q7.c
  src/nn/fl_nn_fc_q7.c
  src/nn/fl_nn_fc_q7_x4.c
  src/nn/fl_nn_maxpool_q7.c
  src/nn/fl_nn_avgpool_q7.c
  src/nn/fl_nn_maxpool_q7_legacy.c
  src/nn/fl_nn_avgpool_q7_legacy.c
  src/nn/fl_nn_relu_q7.c
  src/nn/fl_nn_relu6_q7.c
  src/nn/fl_nn_softmax_q7.c
  src/nn/fl_nn_conv_s8.c
  src/nn/fl_nn_dwconv_s8.c
  src/nn/fl_nn_fc_s8.c
  src/nn/fl_nn_maxpool_s8.c
  src/nn/fl_nn_avgpool_s8.c
  src/nn/fl_nn_relu_s8.c
  src/nn/fl_nn_relu6_s8.c
  src/nn/fl_nn_softmax_s8.c
)

# ARMv7E-M DSP variants (SMLAD/SXTB16). For each op below, src/nn/fl_nn_<op>.c (portable C) and
# src/nn/fl_nn_<op>_dsp.c define the same public symbols with the same contract and the same output bits;
# exactly one of the two is compiled into the library (the TFLite Micro "optimized kernel dir" pattern: no #if
# inside the kernels). FL_NN_DSP defaults to ON when the C compiler targets a core with __ARM_FEATURE_DSP
# (Cortex-M4/M7/M33 cross builds), OFF on the host. ON on the host is allowed: fl_nn_dsp_intrinsics.h then
# emulates the instructions bit for bit, so every host test can run through the DSP kernels.
set(FL_NN_DSP_OPS conv_q7 conv_s8 dwconv_s8 fc_q7 fc_q7_x4 fc_s8)
# Every public symbol those files define (the variant builds below rename them).
set(FL_NN_DSP_SYMBOLS
  fl_nn_conv_q7 fl_nn_conv_q7_scratch_size fl_nn_conv_s8 fl_nn_conv_s8_scratch_size
  fl_nn_dwconv_s8 fl_nn_dwconv_s8_scratch_size fl_nn_fc_q7 fl_nn_fc_q7_scratch_size
  fl_nn_fc_q7_x4 fl_nn_fc_q7_x4_index fl_nn_fc_s8 fl_nn_fc_s8_scratch_size)

include(CheckCSourceCompiles)
check_c_source_compiles("
#if !defined(__ARM_FEATURE_DSP) || !__ARM_FEATURE_DSP
#error no ARMv7E-M DSP extension
#endif
int main(void) { return 0; }" FL_NN_TARGET_HAS_DSP)
if(FL_NN_TARGET_HAS_DSP)
  set(fl_nn_dsp_default ON)
else()
  set(fl_nn_dsp_default OFF)
endif()
option(FL_NN_DSP "Compile the ARMv7E-M DSP kernel variants (src/nn/*_dsp.c) instead of the portable ones"
       ${fl_nn_dsp_default})
if(FL_BUILD_TESTS)
  set(fl_nn_variants_default ON)
else()
  set(fl_nn_variants_default OFF)
endif()
option(FL_NN_BUILD_VARIANTS "Also build both variants under _ref/_dsp names (tests, benchmarks)"
       ${fl_nn_variants_default})

set(FL_NN_PORTABLE_VARIANT_SOURCES)
set(FL_NN_DSP_VARIANT_SOURCES)
foreach(op IN LISTS FL_NN_DSP_OPS)
  list(APPEND FL_NN_PORTABLE_VARIANT_SOURCES src/nn/fl_nn_${op}.c)
  list(APPEND FL_NN_DSP_VARIANT_SOURCES src/nn/fl_nn_${op}_dsp.c)
endforeach()
if(FL_NN_DSP)
  list(REMOVE_ITEM FL_NN_KERNEL_SOURCES ${FL_NN_PORTABLE_VARIANT_SOURCES})
  list(APPEND FL_NN_KERNEL_SOURCES ${FL_NN_DSP_VARIANT_SOURCES})
endif()
message(STATUS "Fleet NN kernels: FL_NN_DSP=${FL_NN_DSP} (compiler targets an ARMv7E-M DSP core: ${fl_nn_dsp_default})")

set(FL_MODEL_NETWORK_SOURCES
  src/model/fl_network_load.c
  src/model/fl_network_run.c
  src/model/fl_network_preprocess.c
)

list(APPEND FL_CORE_SOURCES
  src/common/fl_arena.c
  ${FL_NN_KERNEL_SOURCES}
  ${FL_MODEL_NETWORK_SOURCES}
)

fl_add_unit_test(test_nn_arena tests/unit/test_nn_arena.c)
fl_add_unit_test(test_nn_kernels_q7 tests/unit/test_nn_kernels_q7.c)
fl_add_unit_test(test_nn_kernels_s8 tests/unit/test_nn_kernels_s8.c)
fl_add_unit_test(test_model_network_load tests/unit/test_model_network_load.c tests/unit/fl_test_io.c)
fl_add_unit_test(test_model_network_preprocess tests/unit/test_model_network_preprocess.c)
fl_add_unit_test(test_model_cifar10 tests/unit/test_model_cifar10.c tests/unit/fl_test_io.c)
if(FL_BUILD_TESTS)
  # Tests that need ../shared return 77 and print "SKIPPED: <reason>" when it is absent.
  set_tests_properties(test_model_network_load test_model_cifar10 PROPERTIES SKIP_RETURN_CODE 77)
endif()

# Both variants in one binary, for the equivalence test and the benchmarks: the portable files compiled with
# every public symbol renamed to <name>_ref, the DSP files with <name>_dsp (object libraries, so the renamed
# copies never clash with the library's own selection).
if(FL_NN_BUILD_VARIANTS)
  foreach(variant ref dsp)
    set(defs)
    foreach(sym IN LISTS FL_NN_DSP_SYMBOLS)
      list(APPEND defs ${sym}=${sym}_${variant})
    endforeach()
    if(variant STREQUAL "ref")
      add_library(fl_nn_variant_${variant} OBJECT ${FL_NN_PORTABLE_VARIANT_SOURCES})
    else()
      add_library(fl_nn_variant_${variant} OBJECT ${FL_NN_DSP_VARIANT_SOURCES})
    endif()
    target_compile_definitions(fl_nn_variant_${variant} PRIVATE ${defs})
    target_include_directories(fl_nn_variant_${variant} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include
                                                                ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_compile_options(fl_nn_variant_${variant} PRIVATE ${FL_WARNINGS})
  endforeach()
  add_library(fleetcore_nn_variants STATIC $<TARGET_OBJECTS:fl_nn_variant_ref>
                                           $<TARGET_OBJECTS:fl_nn_variant_dsp>)
  target_include_directories(fleetcore_nn_variants PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                                          ${CMAKE_CURRENT_SOURCE_DIR}/src/nn)
endif()

if(FL_BUILD_TESTS AND FL_NN_BUILD_VARIANTS)
  fl_add_unit_test(test_nn_dsp_equivalence tests/unit/test_nn_dsp_equivalence.c)
  target_link_libraries(test_nn_dsp_equivalence PRIVATE fleetcore_nn_variants)
  target_compile_definitions(test_nn_dsp_equivalence PRIVATE
                             FL_NN_LIB_VARIANT="$<IF:$<BOOL:${FL_NN_DSP}>,DSP,portable>")
endif()

if(FL_BUILD_FUZZERS)
  # The fuzzer compiles the loader, runner and kernels itself so the sanitizers instrument them too.
  add_executable(fuzz_fl_network_load tests/fuzz/fuzz_fl_network_load.c src/common/fl_status.c
                 src/common/fl_arena.c ${FL_NN_KERNEL_SOURCES} ${FL_MODEL_NETWORK_SOURCES})
  target_include_directories(fuzz_fl_network_load PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include
                                                          ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(fuzz_fl_network_load PRIVATE ${FL_WARNINGS} -g -O1 -fno-omit-frame-pointer
                         -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
  target_link_options(fuzz_fl_network_load PRIVATE -fsanitize=fuzzer,address,undefined)
endif()
