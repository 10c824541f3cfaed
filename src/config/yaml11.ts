import type { ParseOptions, DocumentOptions, SchemaOptions, Tags } from 'yaml';

/**
 * yaml's YAML 1.1 schema is the spec's; Ansible reads inventories and vars files with PyYAML,
 * whose resolver differs where real inventories hit it: `y`/`n` stay strings, `08` is the
 * string "08" (not 8), a float needs a dot (`e100`, a NIC driver, and `1e3` stay strings), and
 * dates stay text (Ansible prints them back as the same text).
 */
function pyyamlTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    if (typeof t !== 'object' || !('test' in t) || !t.test) {
      out.push(t);
      continue;
    }
    const src = t.test.source;
    if (t.tag === 'tag:yaml.org,2002:bool') out.push({ ...t, test: src.includes('[Yy]es') ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/ });
    else if (t.tag === 'tag:yaml.org,2002:int' && src === '^[-+]?[0-9][0-9_]*$') out.push({ ...t, test: /^[-+]?(?:0|[1-9][0-9_]*)$/ });
    else if (t.tag === 'tag:yaml.org,2002:float' && 'format' in t && t.format === 'EXP') out.push({ ...t, test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*[eE][-+][0-9]+|\.[0-9_]+[eE][-+][0-9]+)$/ });
    else if (t.tag === 'tag:yaml.org,2002:float' && src.includes('\\.[0-9_]*$')) out.push({ ...t, test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/ });
    else if (t.tag === 'tag:yaml.org,2002:timestamp') continue;
    else out.push(t);
  }
  return out;
}

/** Options for parseDocument that read YAML the way Ansible's loader does (YAML 1.1, merge keys). */
export const ANSIBLE_YAML: ParseOptions & DocumentOptions & SchemaOptions = { version: '1.1', merge: true, customTags: pyyamlTags };
