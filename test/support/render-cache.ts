// Fills the on-disk render cache for both example claims (run by the jest global setup).
import { renderExample } from './render-example';

renderExample('dev-claim');
renderExample('prod-claim');
