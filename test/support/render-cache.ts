// Fills the on-disk render cache for the example claims (run by the jest global setup).
import { renderExample } from './render-example';

renderExample('dev-claim');
renderExample('prod-claim');
renderExample('lending-claim');
