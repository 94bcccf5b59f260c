/*
 * version.h - the release of premig, printed by --version and in reports
 */
#ifndef PREMIG_VERSION_H
#define PREMIG_VERSION_H

#define PREMIG_VERSION "0.1.0"

#endif
