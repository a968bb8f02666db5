/*
 * sendmail-flink dashboard. Every value shown comes from attacker-controlled log text, so this
 * script builds the page with DOM APIs and textContent only (never innerHTML), and charts use
 * ECharts' canvas renderer with rich-text (canvas) tooltips, so no value is ever parsed as HTML.
 * The served page and the exported file run this same script: the served one fetches its data
 * and searches on the server; the exported one reads the data from its own
 * <script type="application/json" id="dashboard-data"> element and searches locally.
 */
(function () {
  'use strict';

  var NF = new Intl.NumberFormat('en-US');
  var NF1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  var NONE = '\u0001none';
  var state = { data: null, tab: 'overview', version: null, charts: [], exported: false };
  var TABS = {};

  // ---------- DOM helpers ----------
  function el(tag, opts) {
    var e = document.createElement(tag);
    opts = opts || {};
    if (opts.cls) { e.className = opts.cls; }
    if (opts.text !== undefined && opts.text !== null) { e.textContent = String(opts.text); }
    if (opts.attrs) {
      Object.keys(opts.attrs).forEach(function (k) { e.setAttribute(k, String(opts.attrs[k])); });
    }
    (opts.children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function byId(id) { return document.getElementById(id); }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }

  // ---------- formatting ----------
  function num(v) { var n = Number(v); return isFinite(n) ? n : 0; }
  function fmtInt(v) { return v === null || v === undefined ? '\u2014' : NF.format(Math.round(num(v))); }
  function fmtDec(v) { return v === null || v === undefined ? '\u2014' : NF1.format(num(v)); }
  function fmtBytes(v) {
    if (v === null || v === undefined) { return '\u2014'; }
    var n = num(v), units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? NF.format(n) : NF1.format(n)) + ' ' + units[i];
  }
  function fmtSeconds(v) {
    if (v === null || v === undefined) { return '\u2014'; }
    var s = num(v);
    if (s < 60) { return NF1.format(s) + ' s'; }
    if (s < 3600) { return NF.format(Math.floor(s / 60)) + ' min ' + NF.format(Math.round(s % 60)) + ' s'; }
    if (s < 86400) { return NF.format(Math.floor(s / 3600)) + ' h ' + NF.format(Math.round((s % 3600) / 60)) + ' min'; }
    return NF1.format(s / 86400) + ' d';
  }
  function fmtText(v) { return v === null || v === undefined ? '(none)' : String(v); }
  function fmtTime(v) { return v ? String(v).replace('T', ' ').replace(/\.000Z$|Z$/, '') : '\u2014'; }

  // ---------- filters ----------
  function hostOf(row) { return row.source === undefined || row.source === null ? NONE : String(row.source); }
  function minuteKey(ts) { return ts ? String(ts).slice(0, 16) : ''; }
  function filters() {
    return { host: byId('host').value, from: byId('range-from').value, to: byId('range-to').value };
  }
  function inRange(ts, f) {
    var k = minuteKey(ts);
    if (f.from && k < f.from) { return false; }
    if (f.to && k > f.to) { return false; }
    return true;
  }
  /** The rows of an aggregate view in the selected range and host. */
  function rows(view) {
    var all = (state.data.aggregates || {})[view] || [];
    var f = filters();
    return all.filter(function (r) {
      return (f.host === '' || hostOf(r) === f.host) && inRange(r.window_start, f);
    });
  }
  function sum(rs, field) { return rs.reduce(function (a, r) { return a + num(r[field]); }, 0); }
  function maxOf(rs, field) {
    var m = null;
    rs.forEach(function (r) { if (r[field] !== undefined && r[field] !== null && (m === null || num(r[field]) > m)) { m = num(r[field]); } });
    return m;
  }
  /** Groups rows by the key fields and sums the count fields; sorted by sortField, descending. */
  function group(rs, keys, sums, sortField, limit, maxes) {
    var m = new Map();
    rs.forEach(function (r) {
      var k = JSON.stringify(keys.map(function (f) { return r[f] === undefined ? null : r[f]; }));
      var g = m.get(k);
      if (!g) {
        g = {};
        keys.forEach(function (f) { g[f] = r[f] === undefined ? null : r[f]; });
        sums.forEach(function (f) { g[f] = 0; });
        (maxes || []).forEach(function (f) { g[f] = null; });
        m.set(k, g);
      }
      sums.forEach(function (f) { g[f] += num(r[f]); });
      (maxes || []).forEach(function (f) {
        if (r[f] !== undefined && r[f] !== null && (g[f] === null || num(r[f]) > g[f])) { g[f] = num(r[f]); }
      });
    });
    var out = Array.from(m.values());
    out.sort(function (a, b) {
      var d = num(b[sortField]) - num(a[sortField]);
      if (d !== 0) { return d; }
      var ka = JSON.stringify(keys.map(function (f) { return a[f]; })), kb = JSON.stringify(keys.map(function (f) { return b[f]; }));
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    return limit ? out.slice(0, limit) : out;
  }
  /** Sums of fields per bucket start, for charts over time. */
  function perBucket(rs, fields) {
    var m = new Map();
    rs.forEach(function (r) {
      var k = r.window_start;
      var g = m.get(k);
      if (!g) { g = {}; fields.forEach(function (f) { g[f] = 0; }); m.set(k, g); }
      fields.forEach(function (f) { g[f] += num(r[f]); });
    });
    var keys = Array.from(m.keys()).sort();
    return { x: keys.map(fmtTime), series: fields.map(function (f) { return keys.map(function (k) { return m.get(k)[f]; }); }) };
  }

  // ---------- building blocks ----------
  function kpi(id, label, value) {
    return el('div', { cls: 'kpi', attrs: { 'data-kpi': id }, children: [
      el('div', { cls: 'label', text: label }), el('div', { cls: 'value', text: value })] });
  }
  function card(title, note, content, wide, id) {
    var c = el('section', { cls: 'card' + (wide ? ' wide' : ''), children: [el('h2', { text: title })] });
    if (id) { c.setAttribute('data-card', id); }
    if (note) { c.appendChild(el('p', { cls: 'note', text: note })); }
    c.appendChild(content);
    return c;
  }
  function empty(message) { return el('div', { cls: 'empty', text: message }); }
  /**
   * A table: columns are {label, key, fmt, num}; fmt turns the value into text.
   */
  function table(id, columns, data, emptyMessage) {
    if (!data.length) { return empty(emptyMessage); }
    var thead = el('thead', { children: [el('tr', { children: columns.map(function (c) {
      return el('th', { cls: c.num ? 'num' : '', text: c.label });
    }) })] });
    var tbody = el('tbody');
    data.forEach(function (r) {
      tbody.appendChild(el('tr', { children: columns.map(function (c) {
        var v = typeof c.key === 'function' ? c.key(r) : r[c.key];
        var cell = c.fmt ? c.fmt(v, r) : fmtText(v);
        var td = el('td', { cls: c.num ? 'num' : '' });
        if (cell instanceof Node) { td.appendChild(cell); } else { td.textContent = cell; }
        return td;
      }) }));
    });
    return el('div', { cls: 'table-wrap', children: [el('table', { attrs: { 'data-table': id }, children: [thead, tbody] })] });
  }
  function col(label, key, fmt) { return { label: label, key: key, fmt: fmt || fmtText }; }
  function ncol(label, key, fmt) { return { label: label, key: key, fmt: fmt || fmtInt, num: true }; }

  var PALETTE = ['#2f6fdf', '#1e8449', '#d68910', '#c0392b', '#7d3c98', '#17a589', '#5d6d7e', '#ca6f1e'];
  /** A chart placeholder: the chart is drawn once the panel is in the page. */
  function chart(id, option, hasData, emptyMessage) {
    if (!hasData) { return empty(emptyMessage); }
    var div = el('div', { cls: 'chart', attrs: { 'data-chart': id, role: 'img', 'aria-label': id } });
    state.charts.push({ div: div, option: option });
    return div;
  }
  function baseOption() {
    return {
      color: PALETTE, animation: false,
      tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 20, top: 36, bottom: 40, containLabel: true }
    };
  }
  function timeChart(id, rs, fields, labels, emptyMessage) {
    var pb = perBucket(rs, fields);
    var o = baseOption();
    o.xAxis = { type: 'category', data: pb.x };
    o.yAxis = { type: 'value', axisLabel: { formatter: function (v) { return NF.format(v); } } };
    // a line needs at least a few buckets to mean something; fewer get bars
    var type = pb.x.length <= 3 ? 'bar' : 'line';
    o.series = fields.map(function (f, i) { return { name: labels[i], type: type, showSymbol: pb.x.length < 60, data: pb.series[i] }; });
    o.dataZoom = pb.x.length > 48 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [];
    return chart(id, o, rs.length > 0, emptyMessage);
  }
  function barChart(id, names, values, seriesName, emptyMessage) {
    // names are log text of any length: horizontal bars keep every label readable
    var horizontal = names.length > 4;
    var o = baseOption();
    o.tooltip.trigger = 'item';
    o.legend = { show: false };
    var cat = { type: 'category', data: names, axisLabel: { interval: 0, width: horizontal ? 200 : 120, overflow: 'truncate' } };
    var val = { type: 'value', axisLabel: { formatter: function (v) { return NF.format(v); } } };
    if (horizontal) { cat.inverse = true; o.yAxis = cat; o.xAxis = val; } else { o.xAxis = cat; o.yAxis = val; }
    o.series = [{ name: seriesName, type: 'bar', data: values }];
    return chart(id, o, names.length > 0, emptyMessage);
  }

  function rangeText() {
    var f = filters();
    var h = f.host === '' ? 'all hosts' : f.host === NONE ? 'lines without a host' : 'host ' + f.host;
    return (f.from || f.to ? (f.from ? fmtTime(f.from) : 'start') + ' \u2013 ' + (f.to ? fmtTime(f.to) : 'end') : 'the whole output') + ', ' + h;
  }
  var TOP_NOTE = 'Sums of each bucket\u2019s top 20, over the selected range and hosts.';

  // ---------- tabs ----------
  TABS.overview = function (p) {
    var lines = rows('agg_overview_lines'), msgs = rows('agg_overview_messages');
    var k = el('div', { cls: 'kpis', children: [
      kpi('lines', 'Lines', fmtInt(sum(lines, 'lines'))),
      kpi('events', 'Events', fmtInt(sum(lines, 'events'))),
      kpi('unparsed_lines', 'Unparsed lines', fmtInt(sum(lines, 'unparsed_lines'))),
      kpi('received', 'Messages received', fmtInt(sum(msgs, 'received'))),
      kpi('bytes_received', 'Bytes received', fmtBytes(sum(msgs, 'bytes_received'))),
      kpi('delivered', 'Recipients delivered', fmtInt(sum(msgs, 'delivered'))),
      kpi('deferred', 'Recipients deferred', fmtInt(sum(msgs, 'deferred'))),
      kpi('bounced', 'Recipients bounced', fmtInt(sum(msgs, 'bounced'))),
      kpi('rejected', 'Rejected (ruleset)', fmtInt(sum(msgs, 'rejected')))] });
    p.appendChild(k);
    p.appendChild(card('Volume over time', 'Messages received; recipients delivered, deferred, bounced; ruleset rejections.',
      timeChart('volume', msgs, ['received', 'delivered', 'deferred', 'bounced', 'rejected'],
        ['received', 'delivered', 'deferred', 'bounced', 'rejected'], 'No messages in this range.'), true));
    var types = group(rows('agg_overview_events_by_type'), ['event_type'], ['events'], 'events');
    p.appendChild(card('Events by type', null, barChart('events-by-type', types.map(function (t) { return fmtText(t.event_type); }),
      types.map(function (t) { return t.events; }), 'events', 'No events in this range.')));
    p.appendChild(card('Events by type (table)', null, table('events-by-type', [col('Event type', 'event_type'), ncol('Events', 'events')],
      types, 'No events in this range.')));
    p.appendChild(card('Alerts', 'Alerts whose last line falls in the range, most severe first.', alertsTable(), true, 'alerts'));
  };

  var SEVERITY = { critical: 0, high: 1, medium: 2, low: 3 };
  function alertsTable() {
    if (!state.data.meta.alertsPresent && !(state.data.alerts || []).length) {
      return empty('No alerts in this output (it has no alerts/ folder or alerts topic).');
    }
    var f = filters();
    var list = (state.data.alerts || []).filter(function (a) {
      return (f.host === '' || hostOf({ source: a.host }) === f.host) && inRange(a.last_time || a.first_time, f);
    });
    list.sort(function (a, b) {
      var d = (SEVERITY[a.severity] === undefined ? 9 : SEVERITY[a.severity]) - (SEVERITY[b.severity] === undefined ? 9 : SEVERITY[b.severity]);
      return d !== 0 ? d : String(b.last_time || '').localeCompare(String(a.last_time || ''));
    });
    return table('alerts', [
      col('Severity', 'severity', function (v) { return el('span', { cls: 'sev-' + (SEVERITY[v] !== undefined ? v : 'low'), text: fmtText(v) }); }),
      col('Kind', 'kind'), col('Key', function (a) { return fmtText(a.key_type) + ' ' + fmtText(a.key); }),
      col('Host', 'host'), col('First', 'first_time', fmtTime), col('Last', 'last_time', fmtTime),
      ncol('Events', 'event_count'), col('Description', 'description'),
      col('Sample lines', 'sample_lines', function (v) {
        var d = el('div');
        (Array.isArray(v) ? v : []).forEach(function (l) { d.appendChild(el('div', { text: l })); });
        return d;
      })], list.slice(0, 500), 'No alerts in this range.');
  }

  TABS.activity = function (p) {
    var vol = rows('agg_activity_volume');
    p.appendChild(el('div', { cls: 'kpis', children: [
      kpi('messages', 'Messages received', fmtInt(sum(vol, 'messages'))),
      kpi('recipients', 'Recipients (nrcpts)', fmtInt(sum(vol, 'recipients'))),
      kpi('activity_bytes', 'Bytes received', fmtBytes(sum(vol, 'bytes_received'))),
      kpi('size_max', 'Largest message', fmtBytes(maxOf(vol, 'size_max')))] }));
    p.appendChild(card('Volume over time', 'Received messages and their recipients per bucket.',
      timeChart('activity-volume', vol, ['messages', 'recipients'], ['messages', 'recipients'], 'No received messages in this range.'), true));
    var sizes = group(rows('agg_activity_message_sizes'), ['size_class', 'size_class_min'], ['messages', 'bytes_received'], 'messages');
    sizes.sort(function (a, b) { return num(a.size_class_min) - num(b.size_class_min); });
    p.appendChild(card('Message sizes', 'Received messages per size class (1 KiB = 1,024 bytes).',
      barChart('message-sizes', sizes.map(function (s) { return fmtText(s.size_class); }), sizes.map(function (s) { return s.messages; }),
        'messages', 'No message sizes in this range.')));
    p.appendChild(card('Top senders', TOP_NOTE, table('top-senders', [
      col('Sender', 'email_from', function (v) { return v === '' ? '<> (null sender)' : fmtText(v); }),
      ncol('Messages', 'messages'), ncol('Bytes', 'bytes_received', fmtBytes)],
      group(rows('agg_activity_top_senders'), ['email_from'], ['messages', 'bytes_received'], 'messages', 20), 'No senders in this range.')));
    p.appendChild(card('Top recipients', TOP_NOTE, table('top-recipients', [col('Recipient', 'recipient'),
      ncol('Delivery attempts', 'deliveries'), ncol('Delivered', 'delivered')],
      group(rows('agg_activity_top_recipients'), ['recipient'], ['deliveries', 'delivered'], 'deliveries', 20), 'No recipients in this range.')));
    p.appendChild(card('Top sender domains', TOP_NOTE, table('top-sender-domains', [col('Domain', 'sender_domain'),
      ncol('Messages', 'messages'), ncol('Bytes', 'bytes_received', fmtBytes)],
      group(rows('agg_activity_top_sender_domains'), ['sender_domain'], ['messages', 'bytes_received'], 'messages', 20), 'No sender domains in this range.')));
    p.appendChild(card('Top recipient domains', TOP_NOTE, table('top-recipient-domains', [col('Domain', 'recipient_domain'),
      ncol('Delivery attempts', 'deliveries'), ncol('Delivered', 'delivered')],
      group(rows('agg_activity_top_recipient_domains'), ['recipient_domain'], ['deliveries', 'delivered'], 'deliveries', 20), 'No recipient domains in this range.')));
    p.appendChild(card('Top client relays', TOP_NOTE, table('top-client-relays', [col('IP', 'source_ip'), col('Host name', 'source_hostname'),
      ncol('Messages', 'messages'), ncol('Bytes', 'bytes_received', fmtBytes)],
      group(rows('agg_activity_top_client_relays'), ['source_ip', 'source_hostname'], ['messages', 'bytes_received'], 'messages', 20), 'No client relays in this range.')));
    p.appendChild(card('Top destination relays', TOP_NOTE, table('top-destination-relays', [col('Host name', 'destination_hostname'), col('IP', 'destination_ip'),
      ncol('Delivery attempts', 'deliveries'), ncol('Recipients', 'recipients'), ncol('Delivered', 'delivered')],
      group(rows('agg_activity_top_destination_relays'), ['destination_hostname', 'destination_ip'], ['deliveries', 'recipients', 'delivered'], 'deliveries', 20),
      'No relayed deliveries in this range.')));
  };

  TABS.delivery = function (p) {
    var out = group(rows('agg_delivery_status_by_outcome'), ['delivery_outcome'], ['deliveries', 'recipients'], 'recipients');
    var byOutcome = {};
    out.forEach(function (o) { byOutcome[o.delivery_outcome] = o; });
    function rc(k) { return byOutcome[k] ? byOutcome[k].recipients : 0; }
    p.appendChild(el('div', { cls: 'kpis', children: [
      kpi('delivery_lines', 'Delivery lines', fmtInt(sum(out, 'deliveries'))),
      kpi('status_delivered', 'Recipients delivered', fmtInt(rc('delivered'))),
      kpi('status_deferred', 'Recipients deferred', fmtInt(rc('deferred'))),
      kpi('status_bounced', 'Recipients bounced', fmtInt(rc('bounced')))] }));
    p.appendChild(card('Recipients by outcome', null, barChart('by-outcome', out.map(function (o) { return fmtText(o.delivery_outcome); }),
      out.map(function (o) { return o.recipients; }), 'recipients', 'No delivery lines in this range.')));
    p.appendChild(card('Delays by outcome', 'delay= in seconds. Percentiles are exact per bucket and host; shown: the highest bucket value in the range.',
      table('delays-by-outcome', [col('Outcome', 'delivery_outcome'), ncol('Lines with delay=', 'deliveries'),
        ncol('p50 (highest bucket)', 'delay_p50', fmtSeconds), ncol('p95 (highest bucket)', 'delay_p95', fmtSeconds), ncol('Max', 'delay_max', fmtSeconds)],
      group(rows('agg_delivery_status_delays'), ['delivery_outcome'], ['deliveries'], 'deliveries', 0, ['delay_p50', 'delay_p95', 'delay_max']),
      'No delivery delays in this range.')));
    p.appendChild(card('By status', null, table('by-status', [col('stat=', 'vendor_status'), ncol('Lines', 'deliveries'), ncol('Recipients', 'recipients')],
      group(rows('agg_delivery_status_by_status'), ['vendor_status'], ['deliveries', 'recipients'], 'recipients', 50), 'No delivery lines in this range.')));
    p.appendChild(card('By DSN', 'Enhanced status codes (RFC 3463) with their descriptions.', table('by-dsn', [col('DSN', 'vendor_dsn'),
      col('Class', 'dsn_class_description'), col('Meaning', 'dsn_description'), ncol('Lines', 'deliveries'), ncol('Recipients', 'recipients')],
      group(rows('agg_delivery_status_by_dsn'), ['vendor_dsn', 'dsn_class_description', 'dsn_description'], ['deliveries', 'recipients'], 'recipients', 50),
      'No delivery lines in this range.')));
    p.appendChild(card('By mailer', null, table('by-mailer', [col('Mailer', 'vendor_mailer'), ncol('Lines', 'deliveries'), ncol('Recipients', 'recipients'),
      ncol('Delivered', 'delivered'), ncol('Deferred', 'deferred'), ncol('Bounced', 'bounced')],
      group(rows('agg_delivery_status_by_mailer'), ['vendor_mailer'], ['deliveries', 'recipients', 'delivered', 'deferred', 'bounced'], 'recipients', 50),
      'No delivery lines in this range.')));
    p.appendChild(card('By destination domain', 'The 20 domains with the most recipients.', table('by-destination-domain', [col('Domain', 'recipient_domain'),
      ncol('Recipients', 'recipients'), ncol('Delivered', 'delivered'), ncol('Deferred', 'deferred'), ncol('Bounced', 'bounced')],
      group(rows('agg_delivery_status_by_destination_domain'), ['recipient_domain'], ['recipients', 'delivered', 'deferred', 'bounced'], 'recipients', 20),
      'No delivery lines in this range.')));
    p.appendChild(card('Top deferral reasons', TOP_NOTE, table('deferral-reasons', [col('Reason', 'reason'), ncol('Lines', 'deliveries'), ncol('Recipients', 'recipients')],
      group(rows('agg_delivery_status_top_deferral_reasons'), ['reason'], ['deliveries', 'recipients'], 'deliveries', 20), 'No deferrals in this range.')));
    p.appendChild(card('Top bounce reasons', TOP_NOTE, table('bounce-reasons', [col('Reason', 'reason'), ncol('Lines', 'deliveries'), ncol('Recipients', 'recipients')],
      group(rows('agg_delivery_status_top_bounce_reasons'), ['reason'], ['deliveries', 'recipients'], 'deliveries', 20), 'No bounces in this range.')));
  };

  TABS.rejection = function (p) {
    var rs = rows('agg_rule_rejection_by_ruleset');
    var byRuleset = group(rs, ['vendor_ruleset'], ['events'], 'events');
    var rejects = rs.filter(function (r) { return r.vendor_event_action === 'reject'; });
    p.appendChild(el('div', { cls: 'kpis', children: [
      kpi('rejection_events', 'Ruleset lines', fmtInt(sum(rs, 'events'))),
      kpi('rejection_rejects', 'Rejected', fmtInt(sum(rejects, 'events')))] }));
    p.appendChild(card('Rejections over time', null, timeChart('rejections-over-time', rs, ['events'], ['ruleset lines'], 'No ruleset rejections in this range.'), true));
    p.appendChild(card('By ruleset', null, barChart('by-ruleset', byRuleset.map(function (r) { return fmtText(r.vendor_ruleset); }),
      byRuleset.map(function (r) { return r.events; }), 'lines', 'No ruleset rejections in this range.')));
    p.appendChild(card('By ruleset and action', null, table('by-ruleset', [col('Ruleset', 'vendor_ruleset'), col('Action', 'vendor_event_action'), ncol('Lines', 'events')],
      group(rs, ['vendor_ruleset', 'vendor_event_action'], ['events'], 'events'), 'No ruleset rejections in this range.')));
    p.appendChild(card('By reply code', 'SMTP reply codes (RFC 5321).', table('by-reply-code', [col('Code', 'smtp_response_code'),
      col('Meaning', 'smtp_response_code_description'), ncol('Lines', 'events')],
      group(rows('agg_rule_rejection_by_reply_code'), ['smtp_response_code', 'smtp_response_code_description'], ['events'], 'events'),
      'No ruleset rejections in this range.')));
    p.appendChild(card('By enhanced status code', 'RFC 3463 classes and IANA descriptions.', table('by-enhanced-code', [col('Code', 'smtp_response_enhanced_code'),
      col('Class', 'smtp_response_enhanced_class_code_description'), col('Meaning', 'smtp_response_enhanced_status_code_description'), ncol('Lines', 'events')],
      group(rows('agg_rule_rejection_by_enhanced_code'), ['smtp_response_enhanced_code', 'smtp_response_enhanced_class_code_description',
        'smtp_response_enhanced_status_code_description'], ['events'], 'events'), 'No ruleset rejections in this range.')));
    p.appendChild(card('Top rejected client IPs', TOP_NOTE, table('top-rejected-ips', [col('Client IP', 'source_ip'), ncol('Lines', 'events')],
      group(rows('agg_rule_rejection_top_client_ips'), ['source_ip'], ['events'], 'events', 20), 'No rejected clients in this range.')));
    p.appendChild(card('Top checked arguments (arg1=)', TOP_NOTE, table('top-arg1', [col('arg1=', 'vendor_arg1'), ncol('Lines', 'events')],
      group(rows('agg_rule_rejection_top_arg1'), ['vendor_arg1'], ['events'], 'events', 20), 'No ruleset arguments in this range.')));
    p.appendChild(card('Top reject messages', TOP_NOTE, table('top-reject-messages', [col('Message', 'vendor_smtp_response_message'), ncol('Lines', 'events')],
      group(rows('agg_rule_rejection_top_messages'), ['vendor_smtp_response_message'], ['events'], 'events', 20), 'No reject messages in this range.')));
  };

  TABS.auth = function (p) {
    var mech = rows('agg_authentication_auth_by_mechanism');
    var ok = mech.filter(function (r) { return r.vendor_event_outcome === 'success'; });
    var bad = mech.filter(function (r) { return r.vendor_event_outcome === 'failure'; });
    var ver = rows('agg_authentication_starttls_by_version'), errs = rows('agg_authentication_starttls_errors_by_reason');
    p.appendChild(el('div', { cls: 'kpis', children: [
      kpi('auth_success', 'AUTH successes', fmtInt(sum(ok, 'events'))),
      kpi('auth_failure', 'AUTH failures', fmtInt(sum(bad, 'events'))),
      kpi('tls_success', 'STARTTLS handshakes', fmtInt(sum(ver, 'events'))),
      kpi('tls_failure', 'STARTTLS failures', fmtInt(sum(errs, 'events')))] }));
    var noAuth = 'No AUTH lines in this range.', noTls = 'No STARTTLS lines in this range.';
    p.appendChild(card('AUTH by mechanism and outcome', 'Role: server (clients authenticating to us) or client.', table('auth-by-mechanism', [
      col('Role', 'vendor_auth'), col('Mechanism', 'vendor_mech'), col('Outcome', 'vendor_event_outcome'), ncol('Lines', 'events')],
      group(mech, ['vendor_auth', 'vendor_mech', 'vendor_event_outcome'], ['events'], 'events'), noAuth)));
    p.appendChild(card('Top authentication identities', TOP_NOTE, table('top-authids', [col('authid', 'vendor_authid'), ncol('Lines', 'events'),
      ncol('Successes', 'successes'), ncol('Failures', 'failures')],
      group(rows('agg_authentication_auth_top_authids'), ['vendor_authid'], ['events', 'successes', 'failures'], 'events', 20), noAuth)));
    p.appendChild(card('AUTH failures by client IP', TOP_NOTE, table('auth-failures-by-ip', [col('Client IP', 'source_ip'), ncol('Failures', 'failures')],
      group(rows('agg_authentication_auth_failures_by_client_ip'), ['source_ip'], ['failures'], 'failures', 20), 'No AUTH failures in this range.')));
    var versions = group(ver, ['vendor_tls_version'], ['events'], 'events');
    p.appendChild(card('TLS versions', 'Successful STARTTLS handshakes.', barChart('tls-versions', versions.map(function (v) { return fmtText(v.vendor_tls_version); }),
      versions.map(function (v) { return v.events; }), 'handshakes', noTls)));
    p.appendChild(card('TLS versions by role', null, table('tls-versions', [col('Role', 'vendor_starttls'), col('Version', 'vendor_tls_version'), ncol('Handshakes', 'events')],
      group(ver, ['vendor_starttls', 'vendor_tls_version'], ['events'], 'events'), noTls)));
    p.appendChild(card('Ciphers', null, table('tls-ciphers', [col('Cipher', 'vendor_tls_cipher'), col('Bits', 'vendor_tls_cipher_size'), ncol('Handshakes', 'events')],
      group(rows('agg_authentication_starttls_by_cipher'), ['vendor_tls_cipher', 'vendor_tls_cipher_size'], ['events'], 'events', 50), noTls)));
    p.appendChild(card('Certificate verification', null, table('tls-verify', [col('Role', 'vendor_starttls'), col('verify=', 'vendor_starttls_verify'), ncol('Handshakes', 'events')],
      group(rows('agg_authentication_starttls_by_verify'), ['vendor_starttls', 'vendor_starttls_verify'], ['events'], 'events'), noTls)));
    p.appendChild(card('STARTTLS errors', null, table('tls-errors', [col('Role', 'vendor_starttls'), col('Error', 'vendor_starttls_error'),
      col('Reason', 'vendor_starttls_error_reason'), ncol('Lines', 'events')],
      group(errs, ['vendor_starttls', 'vendor_starttls_error', 'vendor_starttls_error_reason'], ['events'], 'events', 50), 'No STARTTLS errors in this range.')));
  };

  TABS.processing = function (p) {
    var conn = rows('agg_processing_statistics_connections');
    var rpm = rows('agg_processing_statistics_recipients_per_message');
    var svc = rows('agg_processing_statistics_service_events');
    var msgs = sum(rpm, 'messages'), rcpts = sum(rpm, 'recipients');
    p.appendChild(el('div', { cls: 'kpis', children: [
      kpi('connections_inbound', 'Inbound connections', fmtInt(sum(conn, 'connections_inbound'))),
      kpi('connections_outgoing', 'Outgoing connections', fmtInt(sum(conn, 'connections_outgoing'))),
      kpi('invalid_connections', 'Connections without mail', fmtInt(sum(conn, 'invalid_connections'))),
      kpi('pregreet', 'Pre-greeting talkers', fmtInt(sum(conn, 'pregreet'))),
      kpi('rejected_discovery', 'Rejected VRFY/EXPN', fmtInt(sum(conn, 'rejected_discovery'))),
      kpi('recipients_per_message', 'Recipients per message (mean)', msgs > 0 ? fmtDec(rcpts / msgs) : '\u2014'),
      kpi('service_restarts', 'Daemon starts/restarts', fmtInt(sum(svc.filter(function (r) {
        return r.vendor_event_action === 'starting' || r.vendor_event_action === 'restarting'; }), 'events')))] }));
    p.appendChild(card('Connections over time', null, timeChart('connections', conn,
      ['connections_inbound', 'connections_outgoing', 'invalid_connections', 'pregreet', 'rejected_discovery'],
      ['inbound', 'outgoing', 'without mail', 'pregreet', 'rejected VRFY/EXPN'], 'No connection lines in this range.'), true));
    var note = 'Percentiles are exact per bucket and host; shown: the highest bucket value in the range.';
    var d = rows('agg_processing_statistics_delays');
    p.appendChild(card('Delivery delays', note, table('processing-delays', [col('Measure', 'measure'), ncol('Lines', 'n'),
      ncol('p50 (highest bucket)', 'p50', fmtSeconds), ncol('p95 (highest bucket)', 'p95', fmtSeconds), ncol('Max', 'max', fmtSeconds)],
      d.length ? [
        { measure: 'delay= (since receipt)', n: sum(d, 'deliveries'), p50: maxOf(d, 'delay_p50'), p95: maxOf(d, 'delay_p95'), max: maxOf(d, 'delay_max') },
        { measure: 'xdelay= (last attempt)', n: sum(d, 'deliveries'), p50: maxOf(d, 'xdelay_p50'), p95: maxOf(d, 'xdelay_p95'), max: maxOf(d, 'xdelay_max') }] : [],
      'No delivery lines in this range.')));
    var pri = rows('agg_processing_statistics_priority');
    p.appendChild(card('Queue priority (pri=)', note, table('priority', [ncol('Lines', 'n'), ncol('p50 (highest bucket)', 'p50', fmtInt),
      ncol('p95 (highest bucket)', 'p95', fmtInt), ncol('Max', 'max', fmtInt)],
      pri.length ? [{ n: sum(pri, 'deliveries'), p50: maxOf(pri, 'pri_p50'), p95: maxOf(pri, 'pri_p95'), max: maxOf(pri, 'pri_max') }] : [],
      'No pri= values in this range.')));
    p.appendChild(card('Recipients per message', note, table('recipients-per-message', [ncol('Messages', 'messages'), ncol('Recipients', 'recipients'),
      ncol('p50 (highest bucket)', 'p50', fmtDec), ncol('p95 (highest bucket)', 'p95', fmtDec), ncol('Max', 'max')],
      rpm.length ? [{ messages: msgs, recipients: rcpts, p50: maxOf(rpm, 'recipients_p50'), p95: maxOf(rpm, 'recipients_p95'), max: maxOf(rpm, 'recipients_max') }] : [],
      'No received messages in this range.')));
    p.appendChild(card('Service events', 'Daemon starting, stopping, restarting; connections rejected or deferred under load.',
      table('service-events', [col('Action', 'vendor_event_action'), ncol('Lines', 'events')],
        group(svc, ['vendor_event_action'], ['events'], 'events'), 'No service status lines in this range.')));
  };

  // ---------- rendering ----------
  function disposeCharts() {
    state.charts.forEach(function (c) { if (c.instance) { c.instance.dispose(); } });
    state.charts = [];
  }
  function render() {
    if (!state.data) { return; }
    disposeCharts();
    var p = byId('panel');
    clear(p);
    document.querySelectorAll('.tabs button').forEach(function (b) {
      b.setAttribute('aria-selected', b.getAttribute('data-tab') === state.tab ? 'true' : 'false');
    });
    var note = el('p', { cls: 'note', text: 'Showing ' + rangeText() + '.', attrs: { 'data-range-note': '' } });
    note.style.gridColumn = '1 / -1';
    note.style.margin = '0';
    p.appendChild(note);
    if (!Object.keys(state.data.aggregates || {}).length) {
      p.appendChild(card('No data yet', null, empty('No aggregates in this output yet: run backfill, or wait for the stream job\u2019s first checkpoint.'), true));
      return;
    }
    TABS[state.tab](p);
    state.charts.forEach(function (c) {
      c.instance = echarts.init(c.div, null, { renderer: 'canvas' });
      c.instance.setOption(c.option);
    });
  }

  /**
   * Bucket starts of the data, for the range picker. Buckets of unparsed lines only are left out:
   * such lines carry no log time (they get the time they were read), and one of them would
   * otherwise make "the last hour of data" an empty hour far from the log.
   */
  function allTimes() {
    var ts = [];
    Object.keys(state.data.aggregates || {}).forEach(function (v) {
      state.data.aggregates[v].forEach(function (r) {
        if (r.window_start && !(v === 'agg_overview_lines' && num(r.events) === 0)) { ts.push(minuteKey(r.window_start)); }
      });
    });
    ts.sort();
    return ts;
  }
  function setupFilters() {
    var hosts = new Set();
    Object.keys(state.data.aggregates || {}).forEach(function (v) {
      state.data.aggregates[v].forEach(function (r) { hosts.add(hostOf(r)); });
    });
    (state.data.alerts || []).forEach(function (a) { hosts.add(hostOf({ source: a.host })); });
    var sel = byId('host'), keep = sel.value;
    clear(sel);
    sel.appendChild(el('option', { text: 'All hosts', attrs: { value: '' } }));
    Array.from(hosts).sort().forEach(function (h) {
      var o = el('option', { text: h === NONE ? '(no host)' : h });
      o.value = h;
      sel.appendChild(o);
    });
    sel.value = hosts.has(keep) ? keep : '';
    var ts = allTimes();
    ['range-from', 'range-to'].forEach(function (id) {
      if (ts.length) { byId(id).min = ts[0]; byId(id).max = ts[ts.length - 1]; }
    });
    applyPreset();
  }
  function applyPreset() {
    var preset = byId('range-preset').value;
    if (preset === 'custom') { return; }
    var ts = allTimes();
    if (preset === 'all' || !ts.length) {
      byId('range-from').value = '';
      byId('range-to').value = '';
      return;
    }
    var last = ts[ts.length - 1];
    var from = new Date(Date.parse(last + ':00Z') - (Number(preset) - 1) * 3600000);
    byId('range-from').value = from.toISOString().slice(0, 16);
    byId('range-to').value = '';
  }

  // ---------- search ----------
  function normalize(q) {
    q = String(q || '').trim();
    if (q.length >= 2 && q.charAt(0) === '<' && q.charAt(q.length - 1) === '>') { q = q.slice(1, -1).trim(); }
    return q.toLowerCase();
  }
  function strip(v) {
    if (typeof v === 'string' && v.length >= 2 && v.charAt(0) === '<' && v.charAt(v.length - 1) === '>') { return v.slice(1, -1); }
    return v;
  }
  function textMatches(v, q) {
    if (v === undefined || v === null) { return false; }
    v = String(v).toLowerCase();
    return v === q || (q.length >= 3 && v.indexOf(q) >= 0);
  }
  function eq(v, q) { return v !== undefined && v !== null && String(v).toLowerCase() === q; }
  /** The same rules as TraceSearch.java. */
  function localSearch(query) {
    var q = normalize(query);
    if (!q) { return []; }
    var hits = (state.data.traces || []).filter(function (t) {
      if (eq(t.queue_id, q) || eq(t.bounce_queue_id, q) || eq(t.parent_queue_id, q)) { return true; }
      if (textMatches(strip(t.message_id), q) || textMatches(strip(t.sender), q)) { return true; }
      return (Array.isArray(t.recipients) ? t.recipients : []).some(function (r) { return r && textMatches(strip(r.address), q); });
    });
    hits.sort(function (a, b) { return String(b.first_seen || '').localeCompare(String(a.first_seen || '')); });
    return hits;
  }
  function showResults(query, results, truncated) {
    var box = byId('search-results');
    clear(box);
    box.hidden = false;
    var close = el('button', { cls: 'close', text: 'Close', attrs: { type: 'button' } });
    close.addEventListener('click', function () { box.hidden = true; clear(box); });
    box.appendChild(close);
    var meta = state.data.meta || {};
    if (!meta.tracesPresent && !(state.data.traces || []).length) {
      box.appendChild(el('h2', { text: 'Message search' }));
      box.appendChild(empty('No traces in this output: message search needs the traces/ folder (or the sendmail-traces topic).'));
      return;
    }
    box.appendChild(el('h2', { attrs: { 'data-search-summary': '' }, text: (results.length ? NF.format(results.length) + (truncated ? '+' : '') : 'No') +
      (results.length === 1 ? ' message matches ' : ' messages match ') + '\u201c' + query + '\u201d' }));
    if (meta.mode === 'export' && meta.tracesTotal > meta.tracesIncluded) {
      box.appendChild(el('p', { cls: 'note', text: 'This file holds the ' + NF.format(meta.tracesIncluded) + ' newest of ' +
        NF.format(meta.tracesTotal) + ' traces; the dashboard command searches them all.' }));
    }
    if (!results.length) {
      box.appendChild(empty('No trace has this queue ID, message ID or address.'));
      return;
    }
    results.slice(0, 50).forEach(function (t) { box.appendChild(traceView(t)); });
  }
  function traceView(t) {
    var d = el('div', { cls: 'trace', attrs: { 'data-trace': '' } });
    var dl = el('dl');
    [['Queue ID', t.queue_id], ['Host', t.host], ['Message ID', t.message_id], ['Sender', t.sender],
      ['Outcome', t.outcome], ['Size', t.size === undefined ? undefined : fmtBytes(t.size)],
      ['Received', fmtTime(t.first_seen)], ['Final', fmtTime(t.final_time)],
      ['End-to-end delay', t.end_to_end_delay_seconds === undefined ? undefined : fmtSeconds(t.end_to_end_delay_seconds)],
      ['Attempts', t.attempts === undefined ? undefined : fmtInt(t.attempts)],
      ['Recipients', t.recipient_count === undefined ? undefined : fmtInt(t.recipient_count) + ' (' + fmtInt(t.delivered_count) + ' delivered, ' +
        fmtInt(t.bounced_count) + ' bounced, ' + fmtInt(t.deferred_count) + ' deferred)'],
      ['Client', [t.client_relay, t.client_ip].filter(function (x) { return x; }).join(' ')],
      ['TLS / AUTH', [t.protocol, t.tls_version, t.auth_mechanism, t.authid].filter(function (x) { return x; }).join(' ')],
      ['Bounce / parent', [t.bounce_queue_id, t.parent_queue_id].filter(function (x) { return x; }).join(' ')]
    ].forEach(function (kv) {
      if (kv[1] === undefined || kv[1] === null || kv[1] === '') { return; }
      dl.appendChild(el('dt', { text: kv[0] }));
      dl.appendChild(el('dd', { text: kv[1] }));
    });
    d.appendChild(dl);
    d.appendChild(table('trace-recipients', [col('Recipient', 'address'), col('Status', 'status'), col('DSN', 'dsn'), col('Relay', 'relay'),
      col('Mailer', 'mailer'), ncol('Attempts', 'attempts'), col('Final', 'final_time', fmtTime), col('Reply', 'reply')],
      Array.isArray(t.recipients) ? t.recipients : [], 'No recipients recorded.'));
    d.appendChild(table('trace-steps', [col('Time', 'time', fmtTime), col('Step', 'event_type'), col('Recipient', 'recipient'),
      col('Status', 'status'), col('DSN', 'dsn'), col('Relay', 'relay'), col('Line', 'text')],
      Array.isArray(t.steps) ? t.steps : [], 'No steps recorded.'));
    return d;
  }
  function search(query) {
    if (!normalize(query)) { return; }
    if (state.exported) {
      var hits = localSearch(query);
      showResults(query, hits.slice(0, 50), hits.length > 50);
      return;
    }
    fetch('api/search?q=' + encodeURIComponent(query), { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { throw new Error(t); }); }
        return r.json();
      })
      .then(function (r) { showResults(query, r.results || [], !!r.truncated); })
      .catch(function (e) { setStatus('Search failed: ' + e.message, true); });
  }

  // ---------- data loading ----------
  function setStatus(text, error) {
    var s = byId('status');
    s.textContent = text;
    s.className = 'status' + (error ? ' error' : '');
  }
  function load(data) {
    state.data = data;
    byId('source').textContent = (data.meta && data.meta.source) || '';
    setupFilters();
    render();
  }
  function poll() {
    fetch('api/version', { cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (v) {
        if (v.version === state.version) { return null; }
        return fetch('api/data', { cache: 'no-store' }).then(function (r) {
          if (!r.ok) { return r.text().then(function (t) { throw new Error(t); }); }
          return r.json();
        }).then(function (d) {
          state.version = v.version;
          var first = !state.data;
          state.data = d;
          byId('source').textContent = (d.meta && d.meta.source) || '';
          if (first) { setupFilters(); } else { refreshFiltersKeepingChoice(); }
          render();
          schedulePolling();
        });
      })
      .then(function () { setStatus('Live \u00b7 checked ' + new Date().toLocaleTimeString('en-GB'), false); })
      .catch(function (e) {
        setStatus('Cannot load data: ' + e.message, true);
        if (pollTimer === null) { setTimeout(poll, 5000); }
      });
  }
  function refreshFiltersKeepingChoice() {
    var from = byId('range-from').value, to = byId('range-to').value, preset = byId('range-preset').value;
    setupFilters();
    if (preset === 'custom') { byId('range-from').value = from; byId('range-to').value = to; }
  }

  function init() {
    document.querySelectorAll('.tabs button').forEach(function (b) {
      b.addEventListener('click', function () { state.tab = b.getAttribute('data-tab'); render(); });
    });
    byId('range-preset').addEventListener('change', function () { applyPreset(); render(); });
    ['range-from', 'range-to'].forEach(function (id) {
      byId(id).addEventListener('change', function () { byId('range-preset').value = 'custom'; render(); });
    });
    byId('host').addEventListener('change', render);
    byId('search-form').addEventListener('submit', function (e) { e.preventDefault(); search(byId('search').value); });
    var resizeTimer = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () { state.charts.forEach(function (c) { if (c.instance) { c.instance.resize(); } }); }, 150);
    });
    var embedded = byId('dashboard-data');
    if (embedded) {
      state.exported = true;
      var d = JSON.parse(embedded.textContent);
      load(d);
      setStatus('Exported ' + fmtTime(d.meta.generatedAt) + ' UTC', false);
      return;
    }
    poll();
  }
  /** Polls at the server's refresh interval, set once the first data arrived. */
  var pollTimer = null;
  function schedulePolling() {
    if (pollTimer === null) {
      pollTimer = setInterval(poll, 1000 * Math.max(1, Number(state.data.meta.refreshSeconds) || 5));
    }
  }

  if (typeof echarts === 'undefined') {
    document.addEventListener('DOMContentLoaded', function () { setStatus('ECharts did not load: the charts cannot be drawn.', true); });
    return;
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
  window.sendmailDashboard = { ready: function () { return !!state.data; } };
}());
