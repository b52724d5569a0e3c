// Bundles src/main.jsx into dist/graphiql.js and dist/graphiql.css.
// Run with `npm ci && npm run build`; dist/index.html is hand-written.
import { readFile } from 'node:fs/promises';
import * as esbuild from 'esbuild';

// GraphiQL's stylesheet inlines Roboto and Fira Code as ~370 kB of base64
// @font-face rules; drop them (src/main.css points at system fonts instead).
const stripFontFaces = {
  name: 'strip-font-faces',
  setup(build) {
    build.onLoad({ filter: /node_modules[\\/].*\.css$/ }, async (args) => {
      const css = await readFile(args.path, 'utf8');
      return { contents: css.replace(/@font-face\s*\{[^}]*\}/g, ''), loader: 'css' };
    });
  },
};

const result = await esbuild.build({
  entryPoints: { graphiql: 'src/main.jsx' },
  outdir: 'dist',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'external',
  logLevel: 'info',
  metafile: true,
  plugins: [stripFontFaces],
});

// No file of the bundle may make the browser fetch anything remote.
for (const out of Object.keys(result.metafile.outputs)) {
  if (!out.endsWith('.css')) continue;
  const css = await readFile(out, 'utf8');
  const remote = css.match(/url\(\s*["']?(?:https?:)?\/\/[^)]*\)|@import[^;]*/g);
  if (remote) throw new Error(`${out} references remote resources: ${remote.join(', ')}`);
}
