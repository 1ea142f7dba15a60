# SPDX-License-Identifier: MIT
# Cross toolchain for the Cortex-M7 (STM32H7 class: double-precision FPv5, hard-float ABI), Debian's
# gcc-arm-none-eabi + libnewlib-arm-none-eabi. Use: cmake -DCMAKE_TOOLCHAIN_FILE=<this file> ...
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR cortex-m7)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)

set(FL_M7_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(CMAKE_C_FLAGS_INIT "${FL_M7_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${FL_M7_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${FL_M7_CPU_FLAGS} -Wl,--gc-sections")

# Feature checks (check_c_source_compiles) must not try to link a bare-metal executable without a startup
# file or linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
