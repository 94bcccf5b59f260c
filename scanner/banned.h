/*
 * banned.h - functions the project does not use: unbounded copies, shared
 * static buffers, and shell-outs.  Included last by every .c file so that a
 * use of one fails to compile.
 */
#ifndef PREMIG_BANNED_H
#define PREMIG_BANNED_H

#define BANNED(f) sorry_##f##_is_banned_in_premig

#undef strcpy
#define strcpy(a, b) BANNED(strcpy)
#undef strcat
#define strcat(a, b) BANNED(strcat)
#undef strncpy
#define strncpy(a, b, n) BANNED(strncpy)
#undef strncat
#define strncat(a, b, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(a, b) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef asctime
#define asctime(t) BANNED(asctime)
#undef mktemp
#define mktemp(t) BANNED(mktemp)
#undef atoi
#define atoi(s) BANNED(atoi)
#undef system
#define system(s) BANNED(system)
#undef popen
#define popen(a, b) BANNED(popen)

#endif
