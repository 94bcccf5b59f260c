/*
 * html_assets.h - the HTML report's style and script, report/html.css and
 * report/html.js built into the binary by report/embed.sh
 */
#ifndef PREMIG_HTML_ASSETS_H
#define PREMIG_HTML_ASSETS_H

extern const char html_css[];
extern const char html_js[];

#endif
