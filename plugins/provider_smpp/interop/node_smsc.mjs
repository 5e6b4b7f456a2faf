// A third-party SMSC for the interop test: node-smpp's server, which we did not write. It
// accepts binds with the password "secret", answers every submit_sm with an id, sends a
// delivery receipt for each, sends one inbound SMS after the first bind, and counts every PDU.
//   node node_smsc.mjs PORT_FILE STATS_FILE
// Writes the port it listens on to PORT_FILE, and its counts to STATS_FILE every tenth of a second
// and on SIGTERM.

import fs from 'node:fs';
import smpp from 'smpp';

const [portFile, statsFile] = process.argv.slice(2);
const stats = { binds: 0, submits: 0, distinct: 0, unbinds: 0, enquireLinks: 0, pdus: {} };
const seen = new Set();
let nextId = 0x100000;

const server = smpp.createServer((session) => {
  session.on('pdu', (pdu) => { stats.pdus[pdu.command] = (stats.pdus[pdu.command] || 0) + 1; });
  session.on('bind_transceiver', (pdu) => {
    if (pdu.password !== 'secret') {
      session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
      session.close();
      return;
    }
    stats.binds += 1;
    session.send(pdu.response({ system_id: 'node-smpp' }));
    if (stats.binds === 1) {
      setTimeout(() => session.deliver_sm({
        source_addr: '79001234567', destination_addr: '7000', short_message: 'HELLO pigeon',
      }), 200);
    }
  });
  session.on('submit_sm', (pdu) => {
    stats.submits += 1;
    // Parts of one long message share the text's other parts: the UDH (reference and part
    // number) keeps each distinct, so a duplicate is the same PDU sent twice.
    const message = pdu.short_message;
    const key = JSON.stringify([pdu.destination_addr, message.udh ?? null, message.message ?? message]);
    if (!seen.has(key)) { seen.add(key); stats.distinct += 1; }
    const id = (nextId++).toString(16).toUpperCase();
    session.send(pdu.response({ message_id: id }));
    session.deliver_sm({
      source_addr: pdu.destination_addr,
      destination_addr: pdu.source_addr,
      esm_class: smpp.ESM_CLASS.MC_DELIVERY_RECEIPT,
      short_message: `id:${id} sub:001 dlvrd:001 submit date:2611241200 done date:2611241200 stat:DELIVRD err:000 text:`,
    });
  });
  session.on('enquire_link', (pdu) => { stats.enquireLinks += 1; session.send(pdu.response()); });
  session.on('unbind', (pdu) => { stats.unbinds += 1; session.send(pdu.response()); session.close(); });
  session.on('error', () => {});
});

server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(portFile, String(server.address().port));
});
// Written to a new file and renamed, so a reader never sees half of it.
const writeStats = () => {
  fs.writeFileSync(`${statsFile}.tmp`, JSON.stringify(stats));
  fs.renameSync(`${statsFile}.tmp`, statsFile);
};
setInterval(writeStats, 100).unref();
process.on('SIGTERM', () => {
  writeStats();
  process.exit(0);
});
