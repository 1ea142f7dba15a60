# SPDX-License-Identifier: MIT
# Fleet's own model format v1 (docs/model-format.md): loader, runner, accessors in src/model/fl_model_*.c.
# Included OPTIONALLY by the top CMakeLists.txt after nn.cmake (it uses the kernels and the arena).
# The library never links crypto: the tests use mbedtls's SHA-256 (libmbedtls-dev) to write and check hashes.

set(FL_MODEL_FLEET_SOURCES
  src/model/fl_model_reader.c
  src/model/fl_model_layers.c
  src/model/fl_model_load.c
  src/model/fl_model_run.c
  src/model/fl_model_info.c
  src/model/fl_model_preprocess.c
)

list(APPEND FL_CORE_SOURCES ${FL_MODEL_FLEET_SOURCES})

# Tests only: mbedtls's SHA-256.
find_path(FL_MBEDTLS_INCLUDE_DIR mbedtls/sha256.h)
find_library(FL_MBEDCRYPTO_LIBRARY mbedcrypto)

function(fl_add_model_fleet_test name)
  fl_add_unit_test(${name} ${ARGN} tests/unit/fl_model_builder.c)
  if(FL_BUILD_TESTS)
    target_include_directories(${name} PRIVATE ${FL_MBEDTLS_INCLUDE_DIR})
    target_compile_definitions(${name} PRIVATE FL_MODEL_BUILDER_MBEDTLS)
    target_link_libraries(${name} PRIVATE ${FL_MBEDCRYPTO_LIBRARY})
  endif()
endfunction()

if(FL_BUILD_TESTS)
  if(FL_MBEDTLS_INCLUDE_DIR AND FL_MBEDCRYPTO_LIBRARY)
    fl_add_model_fleet_test(test_model_fleet_q7 tests/unit/test_model_fleet_q7.c)
    fl_add_model_fleet_test(test_model_fleet_s8 tests/unit/test_model_fleet_s8.c)
    fl_add_model_fleet_test(test_model_fleet_reject tests/unit/test_model_fleet_reject.c)
    fl_add_model_fleet_test(test_model_fleet_seed tests/unit/test_model_fleet_seed.c tests/unit/fl_test_io.c)
    # Needs ../shared (the seed's .network files): returns 77 and prints "SKIPPED: <reason>" without it.
    set_tests_properties(test_model_fleet_seed PROPERTIES SKIP_RETURN_CODE 77)
  else()
    message(WARNING "mbedtls not found (apt-get install -y libmbedtls-dev): the Fleet model format tests are not built")
  endif()
endif()

if(FL_BUILD_FUZZERS)
  # Like fuzz_fl_network_load: the loader, runner and kernels are compiled into the fuzzer so the sanitizers
  # instrument them too.
  add_executable(fuzz_fl_model_load tests/fuzz/fuzz_fl_model_load.c src/common/fl_status.c src/common/fl_arena.c
                 ${FL_NN_KERNEL_SOURCES} ${FL_MODEL_FLEET_SOURCES}
                 src/model/fl_network_preprocess.c)  # fl_model_preprocess resizes through it
  target_include_directories(fuzz_fl_model_load PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include
                                                        ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(fuzz_fl_model_load PRIVATE ${FL_WARNINGS} -g -O1 -fno-omit-frame-pointer
                         -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
  target_link_options(fuzz_fl_model_load PRIVATE -fsanitize=fuzzer,address,undefined)

  # Seed writer for the fuzzer's corpus (tools/run_fuzz.sh runs it): small valid q7 and s8 blobs from the
  # test-side builder, hash field left zero (the fuzzer loads without a hash function).
  add_executable(fl_model_fuzz_seeds tests/fuzz/fl_model_fuzz_seeds.c tests/unit/fl_model_builder.c)
  target_include_directories(fl_model_fuzz_seeds PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include
                                                         ${CMAKE_CURRENT_SOURCE_DIR}/tests/unit)
  target_compile_options(fl_model_fuzz_seeds PRIVATE ${FL_WARNINGS})
endif()
