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
fl_add_unit_test(test_model_network_load tests/unit/test_model_network_load.c)
fl_add_unit_test(test_model_network_preprocess tests/unit/test_model_network_preprocess.c)
fl_add_unit_test(test_model_cifar10 tests/unit/test_model_cifar10.c)
if(FL_BUILD_TESTS)
  # Tests that need ../shared return 77 and print "SKIPPED: <reason>" when it is absent.
  set_tests_properties(test_model_network_load test_model_cifar10 PROPERTIES SKIP_RETURN_CODE 77)
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
