/**
 * legal/clause context: support sentences (same label, never needed to decide), neutral boilerplate,
 * cross-reference mentions shown in other labels' items, and neutral openers.
 */
export const LEGAL_SUPPORT: Readonly<Record<string, readonly string[]>> = {
  governing_law: [
    'Each party [acknowledges|agrees] that this choice of law is reasonable[ and was freely negotiated|].',
    'The parties [intend|wish] this choice to be [respected by any court or tribunal|given effect] [to the fullest extent permitted|wherever {agreement} is enforced].',
    'This choice [extends|applies] to any [Order Form|Statement of Work|schedule] [entered into under|attached to] {agreement}.',
    'If any court declines to apply that law, the parties [shall|will] [negotiate in good faith|cooperate] to [preserve|achieve] the same commercial result.',
  ],
  termination: [
    'Termination [does|shall] not affect any rights or remedies [that have accrued|accrued] before the termination date.',
    '[Sections|Clauses|Provisions] that by their nature should survive [termination|expiry] [shall|will] survive.',
    'A notice [of termination|to terminate] [must|shall] [specify the termination date|state the ground relied on] and be [signed by an authorised officer|served in accordance with the notices {sec}].',
    'The right to terminate under this {sec} is [in addition to|without prejudice to] any other right or remedy.',
    '[Following|After] termination, {party} {shall} [provide reasonable exit assistance|cooperate in the orderly transfer of the Services] for up to {days}.',
  ],
  confidentiality: [
    'These [confidentiality|non-disclosure] obligations continue for {months} after {agreement} ends.',
    'The disclosing party [may|is entitled to] seek injunctive relief to [restrain|prevent] any [threatened |]breach of [these confidentiality obligations|this {sec}].',
    '[All|Any] {info} [remains|shall remain] the property of the disclosing party[, and no licence is granted by its disclosure|].',
    'The receiving party [is|shall be] responsible for any breach of confidence by its [Representatives|employees and advisers].',
  ],
  indemnification: [
    'The indemnifying party may choose counsel reasonably acceptable to the indemnified party.',
    'The indemnified party [shall|will] take reasonable steps to mitigate any [loss|Losses] for which it [seeks|claims] indemnity.',
    'No indemnity [is|shall be] payable [to the extent|where] the claim [arises from|is caused by] the indemnified party’s own [negligence|breach].',
    'Payments under [this indemnity|these indemnities] [shall|will] be made within {days} of [a written demand|receipt of an itemised claim].',
  ],
  limitation_of_liability: [
    'The parties agree that these limits reflect an informed allocation of risk.',
    '[The fees|The Charges] [reflect|have been set by reference to] the [allocation of risk|limits on liability] in this {sec}.',
    'Each [limitation|exclusion] in this {sec} is [separate|to be construed as a separate provision] and [applies|shall apply] even if another is held unenforceable.',
    '[Service credits paid|Sums paid under any indemnity] [are counted against|use up part of] the cap [stated above|in this {sec}].',
  ],
  assignment: [
    'Within those limits, {agreement} [binds|is binding on] the parties’ permitted successors.',
    'The assigning party [shall|will] give the other [written notice|notice in writing] of [any|the] assignment within {days}.',
    '[Consent|Any consent] to one assignment [does|shall] not [waive the need for consent to any later assignment|amount to consent to a further assignment].',
    '[Each party|The assignor] [remains|shall remain] liable for the performance of its obligations [notwithstanding any permitted subcontracting|despite any delegation].',
  ],
  force_majeure: [
    'The affected party {shall} resume performance as soon as reasonably practicable after the event ends.',
    '[During|For the duration of] the [Force Majeure Event|event], the other party [may|is entitled to] [obtain the affected services elsewhere|suspend its corresponding obligations].',
    'The [affected party|party claiming relief] [shall|will] provide [weekly|regular] updates on the [event|Force Majeure Event] and its [likely duration|expected impact].',
  ],
  payment_terms: [
    '{party} may suspend the Services if any undisputed invoice remains unpaid for more than {days}.',
    '[Each|Every] invoice [must|shall] [state {other}’s purchase order reference|be sent to {other}’s accounts payable team].',
    '{other} may [set off|deduct] [amounts owed to it by {party}|service credits] [against|from] [any sum payable|invoices] under {agreement}.',
    '[Payment of|Paying] an invoice [does|shall] not [constitute acceptance of|waive any claim regarding] the [Services|Products] invoiced.',
  ],
  warranties: [
    'Warranty claims must be made in writing within the warranty period.',
    'Repaired or replaced [Products|items] [are|shall be] warranted for the remainder of the original [warranty period|Warranty Period].',
    '{other} [shall|must] [notify|inform] {party} of any [defect|non-conformity] [promptly after discovering it|within {days} of discovery].',
    'These warranties [survive acceptance|are given for the benefit of {other} and its Affiliates].',
  ],
  dispute_resolution: [
    'Judgment on the award may be entered in any court having jurisdiction.',
    'The [costs of the arbitration|mediator’s fees] [shall|will] be borne [equally by the parties|as the tribunal directs].',
    'The parties [shall|will] keep [the arbitration|any mediation] and [its outcome|all submissions] confidential[, except as required to enforce an award|].',
    '[Pending resolution|While a dispute is being resolved], the parties [shall|will] continue to perform their [undisputed |]obligations.',
  ],
  intellectual_property: [
    'No rights are granted except as expressly set out in this {sec}.',
    '{party} [shall|will] [promptly |]disclose [to {other} |]any [inventions|improvements] made in [performing the Services|the course of the Project].',
    'All rights not expressly granted [are|shall be] reserved by [{party}|the licensor].',
    '{other} [shall|will] [notify|inform] {party} [promptly |]of any [infringement|suspected misuse] of the [licensed rights|Licensed Marks] that comes to its attention.',
  ],
  non_solicitation: [
    'Each party agrees that this restriction is reasonable to protect the other’s legitimate interests.',
    'The parties [acknowledge|agree] that [this|the] [restriction|covenant] [is no wider than necessary|reflects the access each party has to the other’s staff].',
    '[This|The] [restriction|undertaking] [applies|shall apply] whether the [approach|solicitation] is made [directly or through a recruitment agency|by the party or by any of its Affiliates].',
  ],
};

export const LEGAL_BOILERPLATE: readonly string[] = [
  'Headings in {agreement} are for convenience only and do not affect its interpretation.',
  'In this {sec}, the words “including” and “include” mean “including without limitation”.',
  'Capitalised terms used but not defined here have the meanings given in {sec} {section*}.',
  'This {sec} applies notwithstanding anything to the contrary in {agreement}.',
  'For the purposes of this {sec}, “Affiliate” means any entity that controls, is controlled by or is under common control with a party.',
  'References to any {sec} are to that part of {agreement} unless stated otherwise.',
  'Words in the singular include the plural and vice versa.',
  'Any notice under this {sec} must be in writing and delivered to the address set out in the [Order Form|Schedule|cover page].',
  '{party} and {other} entered into {agreement} on {date}.',
  'The parties have negotiated this provision at arm’s length.',
  'Each party has had the opportunity to take independent legal advice on this provision.',
  'A reference to a statute [includes|is to] that statute as amended, extended or re-enacted from time to time.',
  '“Business Day” means a day other than a Saturday, Sunday or public holiday in [{venue}|the place of performance].',
  'Notices [sent by email|delivered by hand] are deemed received [at the time of transmission|on the next Business Day] [if sent outside business hours|].',
  '{agreement} may be executed in any number of counterparts, each of which is an original.',
  'No variation of this {sec} is effective unless it is in writing and signed by [both parties|authorised representatives of each party].',
  'A failure or delay in exercising any right under this {sec} [does not|shall not] operate as a waiver of it.',
  'If any part of this {sec} is held invalid, the rest [remains|shall remain] in full force and effect.',
  'The rule of construction that ambiguities are resolved against the drafting party does not apply to this {sec}.',
  'References to a “person” include any individual, company, partnership or unincorporated body.',
  '[Unless the context otherwise requires|Save where the context requires otherwise], a reference to a party includes its [personal representatives, |]successors and permitted assigns.',
  'Time periods in this {sec} [are calculated in calendar days|exclude the day on which notice is given].',
  'This {sec} [was amended|was restated] by [the First Amendment|Amendment No. {count}] dated {date*}.',
  'If this {sec} conflicts with any Order Form, this {sec} prevails[ unless the Order Form expressly states otherwise|].',
  'The Schedules form part of {agreement} and [have effect|are incorporated] as if set out in full in the body of it.',
  'Nothing in this {sec} creates a partnership, joint venture or agency relationship between the parties.',
  '“Writing” includes email but not [text messages|instant messages|social media posts].',
  '[The Recitals do|The background section does] not form part of the operative provisions of {agreement}.',
  'Each party [shall|will] bear its own costs of negotiating and entering into {agreement}.',
  '{party} [is a company incorporated in|was organised under the laws of] [{jurisdiction*}|Delaware] with registered number {count}{count*}{count*}{count*}{count*}.',
  'All obligations in this {sec} are subject to the Definitions in Schedule {count*}.',
];

/** Cross-references and passing mentions of a label; shown in OTHER labels' items, never deciding them. */
export const LEGAL_MENTIONS: Readonly<Record<string, readonly string[]>> = {
  governing_law: [
    'Nothing in this {sec} affects the choice of law made in {sec} {section*}.',
    'The governing law of {agreement} is set out in {sec} {section*}.',
    'This {sec} is to be read together with {sec} {section*} ([Governing Law|Applicable Law|Choice of Law]).',
    'References in this {sec} to “applicable law” include the law chosen in {sec} {section*}.',
  ],
  termination: [
    'This {sec} survives termination or expiry of {agreement}.',
    '{sec} {section*} sets out the rights of the parties on termination.',
    'This {sec} [remains effective|stays in force] [for {months}|] after {agreement} [comes to an end|terminates or expires].',
    'The obligations in this {sec} apply during the Term and any Renewal Term.',
    'The [consequences of termination|effect of termination] [are|is] dealt with in {sec} {section*} ([Term and Termination|Termination]).',
  ],
  confidentiality: [
    'Information exchanged under this {sec} remains subject to the confidentiality obligations in {sec} {section*}.',
    'Any reports delivered under this {sec} are {other}’s Confidential Information.',
    'The parties’ non-disclosure obligations are set out in {sec} {section*} ([Confidentiality|Confidential Information]).',
    'Any [audit|inspection] under this {sec} [is|shall be] subject to the confidentiality terms in {sec} {section*}.',
  ],
  indemnification: [
    'The indemnities in {sec} {section*} are not affected by this {sec}.',
    'Claims under this {sec} are separate from any claim under the indemnity in {sec} {section*}.',
    '{sec} {section*} ([Indemnification|Indemnities]) continues to apply to matters covered by this {sec}.',
    'The procedure for third-party claims is [set out|described] in {sec} {section*}.',
  ],
  limitation_of_liability: [
    'This {sec} is subject to the limitations of liability in {sec} {section*}.',
    'Any amounts due under this {sec} count towards the liability cap in {sec} {section*}.',
    'The exclusions in {sec} {section*} ([Limitation of Liability|Liability]) apply to claims under this {sec}.',
    'This {sec} [is|shall be] read subject to the caps [set out|stated] in {sec} {section*}.',
  ],
  assignment: [
    'This {sec} binds any permitted assignee of {agreement}.',
    'A permitted assignee [takes|acquires] the benefit of this {sec} [together with|as well as] the rest of {agreement}.',
    'Transfers of {agreement} are governed by {sec} {section*} ([Assignment|Assignment and Subcontracting]).',
    'References to {party} in this {sec} include its permitted successors.',
  ],
  force_majeure: [
    '{sec} {section*} (Force Majeure) applies to any delay under this {sec}.',
    'The time limits in this {sec} are extended by any period of Force Majeure under {sec} {section*}.',
    'Relief for events beyond a party’s control is [dealt with|available only] under {sec} {section*}.',
    'This {sec} is subject to {sec} {section*} ([Force Majeure|Events Beyond Control]).',
  ],
  payment_terms: [
    'Amounts payable under this {sec} are due as set out in the payment terms in {sec} {section*}.',
    'This {sec} does not change the fees payable under the Order Form.',
    'Invoices for amounts under this {sec} [are issued|shall be issued] in accordance with {sec} {section*} ([Fees and Payment|Payment Terms]).',
    'Any sums due under this {sec} are payable [in accordance with|as provided in] {sec} {section*}.',
  ],
  warranties: [
    'The warranties in {sec} {section*} are unaffected by this {sec}.',
    'This {sec} is in addition to the warranties [given|set out] in {sec} {section*}.',
    '{sec} {section*} ([Warranties|Representations and Warranties]) continues to apply to [the Products|the Services] supplied under this {sec}.',
  ],
  dispute_resolution: [
    'Any disagreement about this {sec} is to be handled under the dispute resolution procedure in {sec} {section*}.',
    'Disputes under this {sec} [are|shall be] resolved in accordance with {sec} {section*} ([Dispute Resolution|Arbitration|Jurisdiction]).',
    'The escalation [process|procedure] in {sec} {section*} applies to any disagreement about [amounts|matters] under this {sec}.',
  ],
  intellectual_property: [
    'Ownership of intellectual property is dealt with separately in {sec} {section*}.',
    'The licence [granted|set out] in {sec} {section*} [is|remains] unaffected by this {sec}.',
    '{sec} {section*} ([Intellectual Property|Proprietary Rights]) governs any [materials|work product] produced under this {sec}.',
  ],
  non_solicitation: [
    'The non-solicitation covenant in {sec} {section*} is not affected by this {sec}.',
    'The restrictions on hiring staff [are set out|appear] in {sec} {section*}.',
    '{sec} {section*} ([Non-Solicitation|Restrictive Covenants]) applies in addition to this {sec}.',
  ],
};

export const LEGAL_OPENERS: readonly string[] = [
  '{heading}.',
  'Section {heading}.',
  'Article {count}.',
  '({count})',
  'Clause {heading}:',
  '{heading}{letter}',
  'ARTICLE {count}',
  '§ {heading}',
  'Schedule {count}, paragraph {heading}.',
  '{sec} {heading}',
];
