// The browser script inlined into the bundle's index.html. Plain ES2017 in a string, because it
// runs in whatever browser the lawyer or officer has, from file://, with no build step and no
// network; it is not part of the app's bundles. It reads the bag folder the user picks, hashes
// every listed file and reports matching / changed / missing / not listed.
//
// SHA-256 is written out by hand below for large files: WebCrypto's digest() takes the whole
// file at once (no incremental API), which for a 512 MiB video would mean holding it all in
// memory and freezing the page without progress. Files up to STREAM_THRESHOLD use WebCrypto.

export const INDEX_HTML_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('sakshya-data').textContent);
  var STREAM_THRESHOLD = 32 * 1024 * 1024;
  var SLICE = 4 * 1024 * 1024;

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);

  function Sha256() {
    this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    this.w = new Uint32Array(64);
    this.buf = new Uint8Array(64);
    this.bufLen = 0;
    this.length = 0;
  }
  Sha256.prototype.block = function (d, off) {
    var w = this.w, h = this.h, i;
    for (i = 0; i < 16; i++) {
      var j = off + 4 * i;
      w[i] = (d[j] << 24) | (d[j + 1] << 16) | (d[j + 2] << 8) | d[j + 3];
    }
    for (i = 16; i < 64; i++) {
      var x = w[i - 15], y = w[i - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    var a = h[0], b = h[1], c = h[2], e0 = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (i = 0; i < 64; i++) {
      var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      var ch = (e & f) ^ (~e & g);
      var t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
      var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      var mj = (a & b) ^ (a & c) ^ (b & c);
      var t2 = (S0 + mj) | 0;
      hh = g; g = f; f = e; e = (e0 + t1) | 0; e0 = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += e0; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  };
  Sha256.prototype.update = function (bytes) {
    var pos = 0, n = bytes.length;
    this.length += n;
    if (this.bufLen > 0) {
      var take = Math.min(64 - this.bufLen, n);
      this.buf.set(bytes.subarray(0, take), this.bufLen);
      this.bufLen += take;
      pos = take;
      if (this.bufLen < 64) return;
      this.block(this.buf, 0);
      this.bufLen = 0;
    }
    for (; pos + 64 <= n; pos += 64) this.block(bytes, pos);
    if (pos < n) {
      this.buf.set(bytes.subarray(pos), 0);
      this.bufLen = n - pos;
    }
  };
  Sha256.prototype.hex = function () {
    var len = this.length;
    var pad = new Uint8Array((this.bufLen < 56 ? 64 : 128) - this.bufLen);
    pad[0] = 0x80;
    var hi = Math.floor(len / 0x20000000), lo = (len % 0x20000000) * 8;
    var end = pad.length;
    pad[end - 8] = hi >>> 24; pad[end - 7] = hi >>> 16; pad[end - 6] = hi >>> 8; pad[end - 5] = hi;
    pad[end - 4] = lo >>> 24; pad[end - 3] = lo >>> 16; pad[end - 2] = lo >>> 8; pad[end - 1] = lo;
    this.update(pad);
    var out = '';
    for (var i = 0; i < 8; i++) out += (this.h[i] >>> 0).toString(16).padStart(8, '0');
    return out;
  };

  function toHex(buffer) {
    var bytes = new Uint8Array(buffer), out = '';
    for (var i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
    return out;
  }
  function pause() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }
  function threshold() {
    var v = Number(document.body.getAttribute('data-stream-threshold'));
    return v > 0 ? v : STREAM_THRESHOLD;
  }

  async function hashFile(file, onBytes) {
    if (file.size <= threshold() && window.crypto && crypto.subtle) {
      var digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      onBytes(file.size);
      return toHex(digest);
    }
    var sha = new Sha256();
    for (var offset = 0; offset < file.size; offset += SLICE) {
      var chunk = new Uint8Array(await file.slice(offset, offset + SLICE).arrayBuffer());
      sha.update(chunk);
      onBytes(chunk.length);
      await pause();
    }
    return sha.hex();
  }

  function nfc(s) { return s.normalize('NFC'); }

  // BagIt (RFC 8493 §2.1.3): "checksum filepath", with CR, LF and % percent-encoded in the path.
  function parseManifest(text) {
    var entries = [];
    text.split(/\r?\n/).forEach(function (line) {
      var m = /^([0-9a-fA-F]+)[ \t]+\*?(.+)$/.exec(line);
      if (!m) return;
      var p = m[2].replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
      if (p.indexOf('./') === 0) p = p.slice(2);
      entries.push({ hash: m[1].toLowerCase(), path: nfc(p) });
    });
    return entries;
  }

  var picked = [];
  var input = document.getElementById('bag-folder');
  var button = document.getElementById('verify-button');
  var statusLine = document.getElementById('verify-status');
  var progress = document.getElementById('verify-progress');
  var summary = document.getElementById('verify-summary');
  var tbody = document.getElementById('verify-results-body');
  var table = document.getElementById('verify-results');

  input.addEventListener('change', function () {
    picked = Array.prototype.slice.call(input.files || []);
    button.disabled = picked.length === 0;
    statusLine.textContent = picked.length === 0
      ? 'No folder chosen yet.'
      : picked.length + ' files chosen. Press "Verify" to check them.';
  });

  var LABELS = {
    matching: 'Matching',
    changed: 'Changed',
    missing: 'Missing',
    unlisted: 'Not listed',
  };

  function addRow(path, status, detail) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-status', status);
    tr.setAttribute('data-path', path);
    tr.className = 'status-' + status;
    var c1 = document.createElement('td'); c1.textContent = path; c1.className = 'path';
    var c2 = document.createElement('td'); c2.textContent = LABELS[status]; c2.className = 'status';
    var c3 = document.createElement('td'); c3.textContent = detail;
    tr.appendChild(c1); tr.appendChild(c2); tr.appendChild(c3);
    tbody.appendChild(tr);
  }

  function fail(message) {
    statusLine.textContent = message;
    summary.textContent = message;
    summary.className = 'summary bad';
    button.disabled = picked.length === 0;
  }

  async function verify() {
    tbody.textContent = '';
    table.hidden = true;
    summary.textContent = '';
    summary.className = 'summary';
    var byPath = new Map();
    picked.forEach(function (f) { byPath.set(nfc(f.webkitRelativePath || f.name), f); });
    var manifestPath = null;
    byPath.forEach(function (f, p) {
      var name = p.split('/').pop();
      if (name !== 'manifest-sha256.txt') return;
      if (manifestPath === null || p.split('/').length < manifestPath.split('/').length) manifestPath = p;
    });
    if (manifestPath === null) {
      fail('This folder has no manifest-sha256.txt. Choose the folder that contains bagit.txt (the unzipped bundle).');
      return;
    }
    var root = manifestPath.slice(0, manifestPath.length - 'manifest-sha256.txt'.length);
    var entries = parseManifest(await byPath.get(manifestPath).text());
    var tagFile = byPath.get(root + 'tagmanifest-sha256.txt');
    var tagEntries = tagFile ? parseManifest(await tagFile.text()) : [];
    var all = entries.concat(tagEntries);
    var listed = new Set(all.map(function (e) { return e.path; }));
    var expected = new Map();
    data.items.forEach(function (item) { expected.set(nfc(item.bagPath), item.sha256); });

    var total = 0;
    all.forEach(function (e) { var f = byPath.get(root + e.path); if (f) total += f.size; });
    var done = 0;
    progress.hidden = false;
    progress.max = Math.max(total, 1);
    progress.value = 0;
    button.disabled = true;
    var counts = { matching: 0, changed: 0, missing: 0, unlisted: 0 };
    var pageMismatch = 0;

    for (var i = 0; i < all.length; i++) {
      var entry = all[i];
      var file = byPath.get(root + entry.path);
      if (!file) {
        counts.missing++;
        addRow(entry.path, 'missing', 'Listed in the manifest but not in the folder.');
        continue;
      }
      statusLine.textContent = 'Checking ' + (i + 1) + ' of ' + all.length + ': ' + entry.path;
      var actual = await hashFile(file, function (n) {
        done += n;
        progress.value = done;
      });
      var recorded = expected.get(entry.path);
      if (actual !== entry.hash) {
        counts.changed++;
        addRow(entry.path, 'changed', 'Its SHA-256 is now ' + actual + ' but the manifest lists ' + entry.hash + '.');
      } else if (recorded !== undefined && recorded !== actual) {
        counts.changed++;
        pageMismatch++;
        addRow(entry.path, 'changed', 'It matches the manifest, but not the SHA-256 recorded at import (' + recorded + ').');
      } else {
        counts.matching++;
        addRow(entry.path, 'matching', 'SHA-256 ' + actual + (recorded !== undefined ? ', as recorded at import.' : ''));
      }
    }
    byPath.forEach(function (f, p) {
      if (p.indexOf(root + 'data/') !== 0) return;
      var rel = p.slice(root.length);
      if (listed.has(rel)) return;
      counts.unlisted++;
      addRow(rel, 'unlisted', 'In the folder but not in the manifest: it was added after export.');
    });
    expected.forEach(function (hash, p) {
      if (!listed.has(p)) {
        counts.missing++;
        addRow(p, 'missing', 'An evidence file described on this page is not in the manifest.');
      }
    });

    // Problems first, so a long list cannot hide them.
    Array.prototype.slice.call(tbody.querySelectorAll('tr:not([data-status="matching"])')).reverse().forEach(function (tr) {
      tbody.insertBefore(tr, tbody.firstChild);
    });
    table.hidden = false;
    document.getElementById('verify').classList.add('has-results');
    progress.value = progress.max;
    button.disabled = false;
    var problems = counts.changed + counts.missing + counts.unlisted;
    if (problems === 0) {
      summary.textContent = 'All ' + counts.matching + ' files match. Nothing was changed since the export.';
      summary.className = 'summary good';
    } else {
      summary.textContent = problems + (problems === 1 ? ' problem' : ' problems') + ' found: ' +
        counts.changed + ' changed, ' + counts.missing + ' missing, ' + counts.unlisted + ' not listed. ' +
        counts.matching + ' files match.' +
        (pageMismatch > 0 ? ' Some manifest lines were changed as well as the files.' : '');
      summary.className = 'summary bad';
    }
    statusLine.textContent = 'Finished checking ' + all.length + ' files.';
  }

  button.addEventListener('click', function () {
    verify().catch(function (error) {
      fail('The check could not finish: ' + (error && error.message ? error.message : String(error)));
    });
  });
})();
`;
