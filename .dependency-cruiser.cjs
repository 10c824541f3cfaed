// Enforces the layering of docs/architecture.md: which src/ folder may import which.
// `core/` is importable by all; anything not listed in a folder's allow-list is forbidden.
const allow = {
  core: [],
  // Pure templating (text + vars in, text or a positioned error out), used by every layer above.
  template: [],
  config: ['template'],
  inventory: ['config', 'template'],
  transport: [],
  facts: ['transport'],
  render: ['config'],
  modules: ['config', 'facts', 'render', 'template'],
  engine: ['config', 'inventory', 'transport', 'facts', 'render', 'modules', 'template'],
  report: ['config', 'engine'],
};
const folders = Object.keys(allow).concat(['cli']);

const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'Import cycles make the layering meaningless and load order fragile.',
    from: {},
    to: { circular: true },
  },
  ...Object.entries(allow).map(([from, ok]) => ({
    name: `layer-${from}`,
    severity: 'error',
    comment: `src/${from}/ may import only: core${ok.length ? ', ' + ok.join(', ') : ''}`,
    from: { path: `^src/${from}/` },
    to: {
      path: `^src/(${folders.join('|')})/`,
      pathNot: [`^src/(core|${from}${ok.length ? '|' + ok.join('|') : ''})/`],
    },
  })),
];

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
