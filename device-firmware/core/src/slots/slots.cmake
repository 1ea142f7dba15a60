# SPDX-License-Identifier: MIT
# Model slots with safe updates (docs/model-slots.md): the flash wrappers, the journal, download, finish and
# status in src/slots/fl_*.c. Portable C99, no crypto (the caller passes SHA-256 and ECDSA P-256 verify).
# On the host (NOT CMAKE_CROSSCOMPILING) it also pulls in the host port (../port/host/flash/flash.cmake): a file
# as flash with power-cut injection and mbedTLS crypto, which goes into libfleetcore.so for the C# binding and
# into the power-cut and verification tests.

list(APPEND FL_CORE_SOURCES
  src/slots/fl_flash.c
  src/slots/fl_slots_journal.c
  src/slots/fl_slots_mount.c
  src/slots/fl_slots_write.c
  src/slots/fl_slots_finish.c
  src/slots/fl_slots_status.c
)

if(NOT CMAKE_CROSSCOMPILING)
  include(${CMAKE_CURRENT_SOURCE_DIR}/../port/host/flash/flash.cmake)
  if(FL_HOST_FLASH_AVAILABLE)
    # fleetcore is defined after the modules are included: attach the host device to it at the end of the
    # directory, so the C# binding's libfleetcore.so exports fl_host_slots_* and carries mbedTLS.
    function(fl_slots_attach_host_port)
      if(TARGET fleetcore)
        target_sources(fleetcore PRIVATE ${FL_HOST_FLASH_SOURCES})
        target_include_directories(fleetcore PRIVATE ${FL_HOST_FLASH_INCLUDE_DIR} ${FL_MBEDTLS_INCLUDE_DIR})
        target_link_libraries(fleetcore PRIVATE ${FL_MBEDCRYPTO_LIBRARY})
      endif()
    endfunction()
    cmake_language(DEFER CALL fl_slots_attach_host_port)

    function(fl_add_slots_test name)
      fl_add_unit_test(${name} ${ARGN} tests/unit/test_slots_support.c tests/unit/fl_model_builder.c
                       tests/unit/fl_slot_test_model.c)
      if(FL_BUILD_TESTS)
        target_include_directories(${name} PRIVATE ${FL_MBEDTLS_INCLUDE_DIR} ${FL_HOST_FLASH_INCLUDE_DIR})
        target_compile_definitions(${name} PRIVATE FL_MODEL_BUILDER_MBEDTLS)
        target_link_libraries(${name} PRIVATE fleet_host_flash ${FL_MBEDCRYPTO_LIBRARY})
      endif()
    endfunction()
    if(FL_BUILD_TESTS)
      fl_add_slots_test(test_slots_powercut tests/unit/test_slots_powercut.c)
      fl_add_slots_test(test_slots_verify tests/unit/test_slots_verify.c)
      fl_add_slots_test(test_slots_selftest tests/unit/test_slots_selftest.c)
    endif()
  endif()
endif()
