/** The finance domain: news sentiment and corporate event type, sharing slots and boilerplate. */
export { financeEvent } from './event.js';
export { financeSentiment } from './sentiment.js';
