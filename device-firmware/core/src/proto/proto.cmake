# SPDX-License-Identifier: MIT
# Protocol v1 codec (docs/protocol.md): included by the core CMakeLists.txt.
set(FL_PROTO_SOURCES
    src/proto/fl_cbor_write.c
    src/proto/fl_cbor_read.c
    src/proto/fl_proto_schema.c
    src/proto/fl_proto_rules.c
    src/proto/fl_proto_encode.c
    src/proto/fl_proto_decode.c
    src/proto/fl_proto_abi.c)
list(APPEND FL_CORE_SOURCES ${FL_PROTO_SOURCES})

set(FL_GOLDEN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/../../tests/golden/protocol)

if(FL_BUILD_TESTS)
  # Tests reach the internal CBOR reader/writer (src/proto/fl_cbor.h) to build hostile inputs, and the fixtures.
  foreach(t test_cbor test_proto_roundtrip test_proto_reject test_proto_golden)
    set(extra)
    if(NOT t STREQUAL "test_cbor")
      set(extra tools/fl_golden_fixtures.c)
    endif()
    fl_add_unit_test(${t} tests/unit/${t}.c ${extra})
    target_include_directories(${t} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR}/tools)
  endforeach()

  # gen_golden writes tests/golden/protocol/; `cmake --build <dir> --target fl_golden` regenerates it.
  add_executable(gen_golden tools/gen_golden.c tools/fl_golden_fixtures.c)
  target_link_libraries(gen_golden PRIVATE fleetcore_static)
  target_compile_options(gen_golden PRIVATE ${FL_WARNINGS})
  add_custom_target(fl_golden COMMAND gen_golden ${FL_GOLDEN_DIR} DEPENDS gen_golden VERBATIM)
endif()

if(FL_BUILD_FUZZERS)
  # The fuzzer compiles the codec itself so the sanitizers instrument it too.
  add_executable(fuzz_fl_proto_decode tests/fuzz/fuzz_fl_proto_decode.c src/common/fl_status.c ${FL_PROTO_SOURCES})
  target_include_directories(fuzz_fl_proto_decode PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include
                                                          ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(fuzz_fl_proto_decode PRIVATE ${FL_WARNINGS} -g -O1 -fno-omit-frame-pointer
                         -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
  target_link_options(fuzz_fl_proto_decode PRIVATE -fsanitize=fuzzer,address,undefined)
endif()
