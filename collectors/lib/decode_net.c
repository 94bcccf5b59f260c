/*
 * decode_net.c - the decoders of network configurations and firewall rules (decode.h)
 *
 * Each reads one file's bytes with the collectors' own parser, named by
 * the input's file name (ifcfg and wicked take the interface from
 * "ifcfg-NAME"), with nothing else of the root: includes and sourced
 * files are noted, never followed.  A bare scan context takes the
 * parsers' notes.  The firewall readers answer for port 22 only.
 */
#include <stdlib.h>

#include <string.h>
#include <libxml/parser.h>

#include "decode.h"
#include "firewalld.h"
#include "fwrules.h"
#include "netconf.h"
#include "sshdconf.h"
#include "../../scanner/ctx.h"
#include "../../scanner/fsread.h"
#include "../../scanner/str.h"
#include "../../scanner/banned.h"

/* ---- network configurations (netconf.h) ---- */

static json_t *netconf_json(const struct netconf *c)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "source", json_string(netconf_source_name(c->source)));
	json_object_set_new(o, "path", decode_str(c->path));
	json_object_set_new(o, "id", decode_str(c->id));
	json_object_set_new(o, "name", decode_str(c->name));
	json_object_set_new(o, "match_name", json_boolean(c->match_name));
	json_object_set_new(o, "globs", decode_str(c->globs));
	json_object_set_new(o, "mac", decode_str(c->mac));
	json_object_set_new(o, "set_mac", decode_str(c->set_mac));
	json_object_set_new(o, "kind", decode_str(c->kind));
	json_object_set_new(o, "master", decode_str(c->master));
	json_object_set_new(o, "mtu", json_integer(c->mtu));
	json_object_set_new(o, "dhcp4", json_integer(c->dhcp4));
	json_object_set_new(o, "dhcp6", json_integer(c->dhcp6));
	json_object_set_new(o, "alias", json_boolean(c->alias));
	json_object_set_new(o, "method", json_string(netconf_method(c)));
	for (size_t i = 0; i < c->naddrs; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "family", json_integer(c->addrs[i].family));
		json_object_set_new(x, "addr", json_string(c->addrs[i].addr));
		json_object_set_new(x, "prefix", json_integer(c->addrs[i].prefix));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "addrs", a);
	if (c->addrs_full)
		json_object_set_new(o, "addrs_full", json_true());
	return o;
}

typedef size_t (*netconf_parse_fn)(struct scan_ctx *ctx, struct netconf_set *s,
				   const char *path, const char *text, size_t len);

/* one file through one netconf parser: its entries and notes */
static int dec_netconf(const struct decode_input *in, json_t *out, netconf_parse_fn parse)
{
	struct scan_ctx ctx;
	struct netconf_set s;
	json_t *a = json_array();

	if (decode_refuse_file(in, out, FSREAD_CAP, 1)) {
		json_decref(a);
		return 1;
	}
	ctx_init(&ctx);
	netconf_set_init(&s);
	parse(&ctx, &s, in->name, (const char *)in->data, in->len);
	netconf_notes_flush(&ctx, &s);
	for (size_t i = 0; i < s.n; i++)
		json_array_append_new(a, netconf_json(&s.v[i]));
	json_object_set_new(out, "entries", a);
	decode_ctx_notes(out, &ctx);
	netconf_set_release(&s);
	ctx_release(&ctx);
	return 0;
}

static int dec_ifcfg(const struct decode_input *in, json_t *out)
{
	return dec_netconf(in, out, netconf_parse_ifcfg);
}

static int dec_wicked(const struct decode_input *in, json_t *out)
{
	return dec_netconf(in, out, netconf_parse_wicked);
}

static int dec_ifupdown(const struct decode_input *in, json_t *out)
{
	return dec_netconf(in, out, netconf_parse_ifupdown);
}

static int dec_netplan(const struct decode_input *in, json_t *out)
{
	return dec_netconf(in, out, netconf_parse_netplan);
}

static int dec_nm(const struct decode_input *in, json_t *out)
{
	return dec_netconf(in, out, netconf_parse_nm);
}

static int dec_networkd(const struct decode_input *in, json_t *out)
{
	return dec_netconf(in, out, netconf_parse_networkd);
}

/* ---- firewall rules (fwrules.h) ---- */

static const struct fw_ports port22 = { { 22 }, 1, 0, 0 };

/* "accepted", "refused" or "unknown", as the firewall table says it */
static void fw_answer_json(json_t *out, int answer, const struct buf *ev)
{
	json_object_set_new(out, "port", json_integer(22));
	json_object_set_new(out, "ssh", json_string(answer == 1 ? "accepted" :
						    answer == 0 ? "refused" : "unknown"));
	json_object_set_new(out, "evidence", json_string(ev->data ? ev->data : ""));
}

static int dec_iptables(const struct decode_input *in, json_t *out)
{
	struct buf ev = BUF_INIT;
	int answer, rc;

	if (decode_refuse_file(in, out, DECODE_MAX_BYTES, 1))
		return 1;
	rc = fw_iptables_text(in->name, (const char *)in->data, in->len, "INPUT", 1,
			      "no INPUT chain policy: the kernel's ACCEPT", &port22, &answer, &ev);
	if (rc < 0)
		json_object_set_new(out, "error", json_string(ev.data ? ev.data : "not read"));
	else
		fw_answer_json(out, answer, &ev);
	buf_release(&ev);
	return rc < 0;
}

static int dec_nftables(const struct decode_input *in, json_t *out)
{
	struct buf ev = BUF_INIT;
	int answer, rc;

	if (decode_refuse_file(in, out, DECODE_MAX_BYTES, 1))
		return 1;
	rc = fw_nftables_text(in->name, (const char *)in->data, in->len, &port22, &answer, &ev);
	if (rc < 0)
		json_object_set_new(out, "error", json_string(ev.data ? ev.data : "not read"));
	else
		fw_answer_json(out, answer, &ev);
	buf_release(&ev);
	return rc < 0;
}

/*
 * A firewalld zone or service file (firewalld.h), told apart by its root
 * element; its name without ".xml" is the zone's or service's.  The
 * services a zone names are not read: firewalld's own ssh (tcp/22) stands
 * for ssh, any other leaves the answer unknown unless a port decides.
 */
static int dec_firewalld(const struct decode_input *in, json_t *out)
{
	struct buf ev = BUF_INIT;
	struct fwd fw = { .ctx = NULL, .pp = &port22 };
	xmlDocPtr doc;
	xmlNodePtr root;
	char *name;
	int answer = -1, rc = 0;

	if (decode_refuse_file(in, out, DECODE_MAX_BYTES, 1))
		return 1;
	xmlInitParser();
	doc = fwd_xml_parse(in->name, (const char *)in->data, in->len, &ev);
	if (!doc) {
		json_object_set_new(out, "error", json_string(ev.data ? ev.data : "not read"));
		buf_release(&ev);
		return 1;
	}
	name = str_ends_with(in->name, ".xml") ? xstrndup(in->name, strlen(in->name) - 4) :
		 xstrdup(in->name);
	root = xmlDocGetRootElement(doc);
	if (root->type == XML_ELEMENT_NODE && !xmlStrcmp(root->name, (const xmlChar *)"service")) {
		size_t i = fwd_lookup(&fw, name);
		json_object_set_new(out, "kind", json_string("service"));
		fw.svc[i].loaded = 1;
		fwd_service_doc(&fw, i, in->name, doc);
		answer = fwd_service(&fw, name, &ev);
	} else {
		json_object_set_new(out, "kind", json_string("zone"));
		answer = fwd_zone_doc(&fw, name, in->name, doc, &ev);
	}
	json_object_set_new(out, "name", json_string(name));
	fw_answer_json(out, answer, &ev);
	xmlFreeDoc(doc);
	fwd_release(&fw);
	free(name);
	buf_release(&ev);
	return rc;
}

/* sshd_config (sshdconf.h): the ports; Include lines said, not followed */
static int dec_sshd_config(const struct decode_input *in, json_t *out)
{
	struct fw_ports pp;
	struct buf src = BUF_INIT;
	json_t *a = json_array();
	int cut = 0;

	if (decode_refuse_file(in, out, FSREAD_CAP, 1)) {
		json_decref(a);
		return 1;
	}
	memset(&pp, 0, sizeof(pp));
	sshdconf_parse(in->name, (const char *)in->data, in->len, &pp, &src, &cut);
	for (size_t i = 0; i < pp.n; i++)
		json_array_append_new(a, json_integer(pp.p[i]));
	json_object_set_new(out, "ports", a);
	json_object_set_new(out, "partial", json_boolean(cut || pp.partial));
	json_object_set_new(out, "source", json_string(src.data ? src.data : ""));
	buf_release(&src);
	return 0;
}

const struct decoder decode_net_table[] = {
	DECODER("firewalld-xml", DECODE_BYTES, dec_firewalld,
		"a firewalld zone (firewalld.zone(5)) or service (firewalld.service(5)) file: "
		"does it let new TCP to port 22 in; the services it names are not read"),
	DECODER("sshd-config", DECODE_BYTES, dec_sshd_config,
		"sshd_config(5): the Port and ListenAddress ports; Include lines not followed"),
	DECODER("ifcfg", DECODE_BYTES, dec_ifcfg,
		"a RHEL ifcfg-NAME file (initscripts' ifcfg-rh), the interface from its name"),
	DECODER("wicked", DECODE_BYTES, dec_wicked,
		"a SUSE ifcfg-NAME file (ifcfg(5), ifcfg-bonding(5)), the interface from its name"),
	DECODER("ifupdown", DECODE_BYTES, dec_ifupdown,
		"Debian's etc/network/interfaces (interfaces(5)); source lines noted, not followed"),
	DECODER("netplan", DECODE_BYTES, dec_netplan,
		"one netplan YAML file (netplan(5)), read through libyaml"),
	DECODER("nm-keyfile", DECODE_BYTES, dec_nm,
		"a NetworkManager keyfile (nm-settings-keyfile(5))"),
	DECODER("networkd", DECODE_BYTES, dec_networkd,
		"a systemd-networkd .network file (systemd.network(5))"),
	DECODER("iptables-save", DECODE_BYTES, dec_iptables,
		"iptables-save(8) output: does its filter table's INPUT accept new TCP to port 22"),
	DECODER("nftables", DECODE_BYTES, dec_nftables,
		"an nft(8) ruleset file: do its input chains accept new TCP to port 22; "
		"includes not followed"),
	{ NULL },
};
