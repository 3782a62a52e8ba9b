/* placeholder until the demo generator lands */
#include "cli/cli.h"
int cmd_demo(int argc, char **argv) { (void)argc; (void)argv; return EXIT_FAILED; }
int cmd_import(int argc, char **argv) { (void)argc; (void)argv; return EXIT_FAILED; }
