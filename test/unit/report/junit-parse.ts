/** JUnit XML read back by a real XML parser (python3's xml.etree.ElementTree, Debian's python3), into plain data. */
import { execFileSync } from 'node:child_process';

export interface Case {
  name: string;
  classname: string;
  failure?: { message: string; text: string };
  error?: { message: string; type: string; text: string };
  skipped?: string;
  out?: string;
}
export interface Parsed {
  root: Record<string, string>;
  suites: Array<{ attrs: Record<string, string>; cases: Case[] }>;
}

const PARSE = `
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
def kid(c, tag, keys):
    e = c.find(tag)
    if e is None: return None
    d = {k: e.get(k) for k in keys}
    d['text'] = e.text or ''
    return d
suites = []
for s in root.findall('testsuite'):
    cases = []
    for c in s.findall('testcase'):
        d = {'name': c.get('name'), 'classname': c.get('classname')}
        for tag, keys in (('failure', ['message']), ('error', ['message', 'type'])):
            v = kid(c, tag, keys)
            if v is not None: d[tag] = v
        if c.find('skipped') is not None: d['skipped'] = c.find('skipped').get('message')
        if c.find('system-out') is not None: d['out'] = c.find('system-out').text or ''
        cases.append(d)
    suites.append({'attrs': dict(s.attrib), 'cases': cases})
print(json.dumps({'root': dict(root.attrib), 'suites': suites}))`;

export function parseJUnit(xml: string): Parsed {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PARSE], { input: xml, encoding: 'utf8' })) as Parsed;
}

