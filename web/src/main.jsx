// GraphiQL for diplograph, bundled by build.mjs into dist/graphiql.js and
// dist/graphiql.css. Everything the page needs is in those two files: no CDN.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './main.css';

// The example shown in the editor on first visit (GraphiQL keeps the user's
// own tabs in localStorage afterwards).
const defaultQuery = `# diplograph: who did what to whom, when, and according to which sentence.
# Timeline of events between the USA and China from the sample article.
query Timeline {
  timeline(actors: ["USA", "CHN"], first: 50) {
    date
    precision
    code
    label
    status
    source { name code }
    target { name code }
    mentions { sentence trigger article { title } }
  }
}
`;

// Same origin: queries and mutations are POSTed to /graphql, subscriptions go
// over graphql-ws on ws(s)://<host>/graphql (the socket is only opened when a
// subscription runs).
const wsScheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  subscriptionUrl: `${wsScheme}//${window.location.host}/graphql`,
});

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />,
);
