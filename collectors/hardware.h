/*
 * hardware.h - what the hardware collector shares with the scan driver
 */
#ifndef PREMIG_HARDWARE_H
#define PREMIG_HARDWARE_H

/*
 * Is s (a DMI product_uuid as read) a real identity: a well-formed UUID that
 * is not one of the placeholders boards ship with (all zeros, all ones, the
 * common dummy)?  Lowercases s in place.  Returns 1 or 0.
 */
int hardware_uuid_usable(char *s);

#endif
