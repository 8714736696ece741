// libsystemc.so owns main() and calls sc_main: SystemC test binaries run gtest from here.
// gtest_discover_tests runs each TEST in its own process (one elaboration per process).
#include <gtest/gtest.h>
#include <systemc>

int sc_main(int argc, char* argv[]) {
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
