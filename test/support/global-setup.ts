// Renders the example claims once before the test files run (each reads the on-disk cache).
import { renderExample } from './render-example';

export default function globalSetup(): void {
  renderExample('dev-claim');
  renderExample('prod-claim');
}
