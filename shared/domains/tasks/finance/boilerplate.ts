/** Neutral sentences that fit any finance news item (both finance tasks use them). */
export const financeBoilerplate: readonly string[] = [
  '{co} is headquartered in {city*}[ and employs about {count*},000 people|].',
  '[Representatives|A spokesperson] for {co} did not immediately respond to a request for comment.',
  'The stock has a market value of about {amount*}.',
  'Trading volume was [roughly|about] in line with the 30-day average.',
  '{co} [makes|sells] [industrial equipment|consumer products|software|its products] in more than {count*} countries.',
  '(Reporting by {person*}; editing by {person*})',
  'The company’s fiscal year ends in [December|June|September].',
  '{firm} [is listed|trades] on the {exchange}[ under the symbol {ticker}|].',
  'All figures are in US dollars unless otherwise noted.',
  'The company was founded in [{city*}|the 1970s|the 1980s] and [went public|listed its shares] in [the 1990s|{year*}].',
  'This release contains forward-looking statements[ within the meaning of the Private Securities Litigation Reform Act|].',
  'Non-GAAP measures are reconciled to the nearest GAAP measures in the tables below.',
  '{co} reports [in three segments: consumer, commercial and industrial|by region: North America, Europe and Asia|in two segments: products and services].',
  'The [results|announcement] came [after the market closed|before the opening bell|during the trading session].',
  'About the company: {firm} [serves customers|operates] in [more than {count*} countries|North America and Europe].',
  '[Contact|Media contact|Investor contact]: {person*}, [investor relations|corporate communications].',
];
