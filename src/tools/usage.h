/* usage: the text of `lanternctl --help`, shared by the small front
 * (lanternctl_front.c) and the full tool (lanternctl.c, installed as
 * lanternctl-tools), so both print the same. A constant; nothing to free. */
#ifndef LANTERN_USAGE_H
#define LANTERN_USAGE_H

extern const char lanternctl_usage[];

#endif
