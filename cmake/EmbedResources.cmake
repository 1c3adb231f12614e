# Compiles listed files into the binary (see src/resources/resources.h).
