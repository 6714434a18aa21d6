// Live refresh of /resources: polls the JSON API and re-renders the summary and node grid in place.
// The page works without this script (server-rendered tables, GET form, sort links); this only adds freshness
// and client-side sorting. Everything is written with textContent, never innerHTML, so names cannot inject markup.
(function () {
    'use strict';
    var POLL_MS = 5000;
    var grid = document.getElementById('res-nodes');
    var form = document.getElementById('res-filter');
    if (!grid || !form) return;
    var state = { sort: grid.dataset.sort || 'name', desc: grid.dataset.desc === 'true', nodes: [] };

    function el(tag, text, cls) {
        var e = document.createElement(tag);
        if (text !== undefined && text !== null) e.textContent = String(text);
        if (cls) e.className = cls;
        return e;
    }
    function cores(v) { return (Math.round(v * 100) / 100).toString(); }
    function gib(b) { return (Math.round(b / 1073741824 * 10) / 10).toString(); }
    function filterQuery() {
        var p = new URLSearchParams();
        var gpuType = form.elements.gpuType.value, region = form.elements.region.value;
        var gpu = form.elements.gpu ? form.elements.gpu.value : '';
        if (gpuType) p.set('gpuType', gpuType);
        if (gpu) p.set('gpu', gpu);
        if (region) p.set('region', region);
        if (form.elements.freeForMe.checked) p.set('freeForMe', 'true');
        return p;
    }
    function sortKey(n) {
        switch (state.sort) {
            case 'gpu': return n.gpuProduct || '~';
            case 'region': return n.region || '~';
            case 'free': return n.free.gpus;
            case 'total': return n.allocatable.gpus;
            case 'cpu': return n.free.cpuCores;
            default: return n.name;
        }
    }
    function sorted(nodes) {
        return nodes.slice().sort(function (a, b) {
            var x = sortKey(a), y = sortKey(b);
            var c = x < y ? -1 : x > y ? 1 : (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
            return state.desc ? -c : c;
        });
    }
    function tag(text, warn) { return el('span', text, warn ? 'res-tag warn' : 'res-tag'); }
    // A name for people with the raw Kubernetes name on hover (as the server renders it).
    function rawName(display, raw) {
        if (!display || display === raw) return el('span', raw, 'raw-name');
        var a = el('abbr', display, 'raw-name');
        a.title = raw;
        return a;
    }
    function renderNodes() {
        var body = document.createElement('tbody');
        sorted(state.nodes).forEach(function (n) {
            var tr = el('tr');
            tr.appendChild(el('td', n.name));
            var gpu = el('td', n.gpuProduct ? null : '\u2014');
            if (n.gpuProduct) gpu.appendChild(rawName(n.gpuProductDisplayName, n.gpuProduct));
            if (n.gpuText) gpu.appendChild(el('span', ' \u00b7 ' + n.gpuText, 'res-gpus'));
            n.extendedResources.forEach(function (e) {
                gpu.appendChild(document.createTextNode(' '));
                var t = tag(null);
                t.appendChild(rawName(e.displayName, e.name));
                t.appendChild(document.createTextNode(': ' + e.free + '/' + e.allocatable));
                gpu.appendChild(t);
            });
            tr.appendChild(gpu);
            var free = el('td', n.free.gpus, 'num');
            var bar = el('span', null, 'res-bar');
            bar.style.width = (n.free.gpus * 6) + 'px';
            free.appendChild(bar);
            tr.appendChild(free);
            tr.appendChild(el('td', n.allocatable.gpus, 'num'));
            tr.appendChild(el('td', n.gpuMemoryMiB == null ? '\u2014' : (Math.round(n.gpuMemoryMiB / 102.4) / 10), 'num'));
            tr.appendChild(el('td', cores(n.free.cpuCores) + ' / ' + cores(n.allocatable.cpuCores), 'num'));
            tr.appendChild(el('td', gib(n.free.memoryBytes), 'num'));
            tr.appendChild(el('td', (n.region || '\u2014') + ' / ' + (n.zone || '\u2014')));
            var forMe = el('td', n.forMe ? 'yes' : 'no', 'res-forme');
            if (!n.forMe) {
                var why = el('ul', null, 'res-why');
                n.notForMeReasons.forEach(function (r) { why.appendChild(el('li', r)); });
                forMe.appendChild(why);
            }
            tr.appendChild(forMe);
            var st = el('td');
            n.unavailableReasons.forEach(function (r) { st.appendChild(tag(r, true)); });
            if (!n.available) st.appendChild(el('span', ' idle, not free: ' + n.unavailable.gpus + ' GPU slots \u00b7 '
                + cores(n.unavailable.cpuCores) + ' cores \u00b7 ' + gib(n.unavailable.memoryBytes) + ' GiB', 'res-idle'));
            n.warnings.forEach(function (w) { var f = tag(w, true); f.className += ' res-flag'; st.appendChild(f); });
            n.taintDetails.forEach(function (t) {
                var span = tag(null);
                span.className += ' res-taint';
                var a = el('abbr', t.text);
                a.title = t.raw;
                span.appendChild(a);
                st.appendChild(span);
            });
            tr.appendChild(st);
            body.appendChild(tr);
        });
        if (state.nodes.length === 0) {
            var tr = el('tr'), td = el('td', 'No nodes match.', 'empty');
            td.colSpan = 10;
            tr.appendChild(td);
            body.appendChild(tr);
        }
        grid.replaceChild(body, grid.tBodies[0]);
    }
    function renderRows(tableId, rows, cells) {
        var table = document.getElementById(tableId);
        if (!table) return;
        var body = document.createElement('tbody');
        rows.forEach(function (r) {
            var tr = el('tr');
            cells(r).forEach(function (c, i) {
                if (c && c.nodeType) { var td = el('td'); td.appendChild(c); tr.appendChild(td); return; }
                tr.appendChild(el('td', c, i === 0 || (tableId === 'res-by-type' && (i === 1 || i === 3)) || (tableId === 'res-by-cluster' && i === 1) ? null : 'num'));
            });
            body.appendChild(tr);
        });
        table.replaceChild(body, table.tBodies[0]);
    }
    function renderSummary(s) {
        var t = s.summary.totals;
        var set = function (k, v) { var c = document.querySelector('[data-k="' + k + '"]'); if (c) c.textContent = v; };
        set('nodes', t.nodes + ' (' + t.readyNodes + ' / ' + t.schedulableForMe + ')');
        var reasons = Object.keys(t.unavailableByReason).sort().map(function (k) { return t.unavailableByReason[k] + ' ' + k; }).join(', ');
        set('unavailable', (t.nodes - t.availableNodes) + ' (' + (reasons || 'none') + ')');
        set('physical', t.physicalGpus);
        set('held', t.gpusUnavailable + ' GPU slots \u00b7 ' + cores(t.cpuCoresUnavailable) + ' cores \u00b7 ' + gib(t.memoryBytesUnavailable) + ' GiB');
        set('flagged', t.flaggedNodes);
        set('gpus', t.gpusFree + ' / ' + t.gpus);
        set('gpusFreeForMe', t.gpusFreeForMe);
        set('cpu', cores(t.cpuCoresFree) + ' / ' + cores(t.cpuCores));
        set('mem', gib(t.memoryBytesFree) + ' / ' + gib(t.memoryBytes));
        set('fpgas', t.fpgasFree + ' / ' + t.fpgas);
        var names = {};
        (s.gpuTypeNames || []).forEach(function (n) { names[n.type] = n.displayName; });
        renderRows('res-by-type', s.summary.byGpuType, function (g) { return [rawName(names[g.type], g.type), g.kind, g.nodes, g.text, g.free, g.freeForMe, g.unavailable, g.flaggedNodes]; });
        renderRows('res-by-region', s.summary.byRegion, function (r) {
            return [r.region, r.nodes + ' (' + r.availableNodes + ')', r.physicalGpus, r.gpus, r.gpusFree, r.gpusFreeForMe, r.gpusUnavailable, cores(r.cpuCoresFree)];
        });
        renderRows('res-by-cluster', s.byCluster || [], function (c) {
            var t = c.totals;
            return [c.cluster, c.regions.join(', '), t.nodes + ' (' + t.availableNodes + ')', t.physicalGpus, t.gpus, t.gpusFree, t.gpusFreeForMe, t.gpusUnavailable, cores(t.cpuCoresFree)];
        });
        var status = document.getElementById('res-status');
        if (status) status.textContent = s.clusters === 0 ? 'No cluster is connected, so there is nothing to list yet.' : freshness(s);
    }
    // Says how old the numbers are and, for a cluster that does not answer, since when: never "live" for a lost cluster.
    function freshness(s) {
        var when = function (iso) { return new Date(iso).toLocaleString(undefined, { timeZoneName: 'short' }); };
        var stale = s.clusterList.filter(function (c) { return c.stale; });
        var oldest = s.clusterList.map(function (c) { return c.observedAt; }).sort()[0];
        var text = s.clusters + (s.clusters === 1 ? ' cluster' : ' clusters') + '; ' + (stale.length ? 'last known state' : 'current') + ' as of ' + when(oldest);
        stale.forEach(function (c) { text += '. Cluster ' + c.name + ' is unreachable since ' + when(c.unreachableSince); });
        return text;
    }
    function getJson(url) {
        return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
            .then(function (r) { if (!r.ok) throw new Error(url + ': ' + r.status); return r.json(); });
    }
    function refresh() {
        return Promise.all([getJson('/api/v1/resources/summary'), getJson('/api/v1/resources/nodes?' + filterQuery())])
            .then(function (res) { renderSummary(res[0]); state.nodes = res[1].items; renderNodes(); grid.dataset.live = 'true'; })
            .catch(function (e) { var s = document.getElementById('res-status'); if (s) s.textContent = 'Automatic refresh paused: ' + e.message; });
    }
    function syncUrl() {
        var p = filterQuery();
        p.set('sort', state.sort);
        if (state.desc) p.set('desc', 'true');
        history.replaceState(null, '', '?' + p);
    }
    grid.tHead.addEventListener('click', function (e) {
        var a = e.target.closest('a[data-sort]');
        if (!a) return;
        e.preventDefault();
        var key = a.dataset.sort;
        state.desc = key === state.sort ? !state.desc : false;
        state.sort = key;
        syncUrl();
        if (state.nodes.length) renderNodes(); else refresh();
    });
    // Copy buttons of the pod spec fragments.
    document.addEventListener('click', function (e) {
        var b = e.target.closest('button[data-copy]');
        if (!b || !navigator.clipboard) return;
        var pre = document.getElementById(b.dataset.copy);
        if (pre) navigator.clipboard.writeText(pre.textContent).then(function () { b.textContent = 'Copied'; });
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); syncUrl(); refresh(); });
    form.addEventListener('change', function () { syncUrl(); refresh(); });
    refresh();
    setInterval(function () { if (!document.hidden) refresh(); }, POLL_MS);
})();
