import type { ConditionTable } from './condition.js';

/** Dermatology and orthopedics conditions (data table). */
export const SKIN_BONE: ConditionTable = {
  dermatology: [
    {
      cc: [
        'itchy red scaly plaques on the elbows and knees',
        'a scaly rash on the scalp and elbows with nail pitting',
      ],
      exam: [
        'well-demarcated erythematous plaques with silvery scale',
        'plaques over extensor surfaces, BSA {bsa}%, nail pitting',
      ],
      workup: [
        'skin biopsy [confirms|confirmed] psoriasis',
        'PASI {pasi}, BSA {bsa}%',
        'QuantiFERON negative before biologic',
      ],
      dx: ['plaque psoriasis', 'moderate-to-severe psoriasis', 'chronic plaque psoriasis'],
      plan: [
        'topical clobetasol and consideration of a biologic',
        'start [adalimumab|secukinumab|risankizumab] after TB screening',
        'calcipotriol-betamethasone foam and narrowband UVB',
        'methotrexate 15 mg weekly with folic acid',
      ],
    },
    {
      cc: [
        'a changing pigmented mole on the back',
        'a mole that has grown and darkened',
        'a new dark spot on the calf that itches and bleeds',
      ],
      exam: [
        'an asymmetric lesion with irregular borders and color variegation, {mole} mm across',
        'an irregular, multicolored {mole} mm pigmented macule (ugly duckling)',
      ],
      workup: [
        'dermoscopy [shows|showed] an atypical pigment network',
        'excision biopsy [shows|showed] superficial spreading melanoma, Breslow {breslow} mm',
        'pathology: melanoma in situ, margins clear',
      ],
      dx: [
        'suspected melanoma',
        'atypical melanocytic lesion',
        'malignant melanoma',
        'dysplastic nevus with severe atypia',
      ],
      plan: [
        'excisional biopsy with narrow margins',
        'wide local excision with 1 cm margins and SLNB discussion',
        'full skin exam every three months',
      ],
    },
    {
      cc: [
        'a painful blistering rash in a band on one side of the chest',
        'burning pain then blisters on one side of the back',
      ],
      exam: [
        'grouped vesicles on an erythematous base in a dermatomal distribution',
        'vesicular eruption along the [T4|T6|T10] dermatome, not crossing midline',
      ],
      workup: ['viral PCR of a vesicle [was |]positive for varicella zoster', 'Tzanck smear positive'],
      dx: ['herpes zoster', 'shingles', 'thoracic herpes zoster'],
      plan: ['valacyclovir and analgesia', 'valacyclovir 1 g tid x7 days and gabapentin for pain'],
    },
    {
      cc: [
        'inflammatory acne with cysts on the face',
        'acne scarring despite topical treatment',
        'painful cystic acne on the jaw and back',
      ],
      exam: [
        'comedones, papules and nodular cysts over the cheeks',
        'inflammatory papules and pustules with atrophic scarring',
      ],
      workup: ['baseline lipids and liver tests [were |]normal', 'iPLEDGE registration complete'],
      dx: ['nodulocystic acne', 'moderate inflammatory acne vulgaris', 'severe acne with scarring'],
      plan: [
        'start isotretinoin with monthly monitoring',
        'doxycycline 100 mg daily plus adapalene/benzoyl peroxide gel',
        'topical tretinoin and clindamycin',
      ],
    },
    {
      cc: ['a pearly nodule on the nose that bleeds', 'a slowly growing sore on the face that will not heal'],
      exam: ['a pearly papule with telangiectasia', 'a rolled-edge ulcer on the nasal ala'],
      workup: ['shave biopsy [confirms|confirmed] basal cell carcinoma', 'biopsy: nodular BCC'],
      dx: ['basal cell carcinoma', 'nodular BCC'],
      plan: ['Mohs surgery referral', 'Mohs micrographic surgery'],
    },
    {
      cc: [
        'a scaly, tender crusted lump on the sun-exposed forearm',
        'a rapidly growing keratotic nodule on the scalp',
      ],
      exam: [
        'a hyperkeratotic nodule with an indurated base',
        'an erythematous scaly plaque on the dorsal hand',
      ],
      workup: [
        'biopsy [confirms|confirmed] invasive squamous cell carcinoma',
        'pathology: SCC in situ (Bowen’s disease)',
      ],
      dx: ['cutaneous squamous cell carcinoma', 'SCC in situ', 'actinic keratoses with SCC'],
      plan: [
        'excision with 4–6 mm margins',
        'ED&C or topical 5-fluorouracil',
        'cryotherapy to actinic keratoses',
      ],
    },
    {
      cc: [
        'an itchy ring-shaped rash on the trunk',
        'an itchy rash in the skin folds',
        'itchy peeling between the toes',
      ],
      exam: [
        'annular plaques with a scaly advancing border and central clearing',
        'maceration and scale in the toe webs',
      ],
      workup: [
        'KOH preparation [was |]positive for hyphae',
        'fungal scraping [grew|grows] Trichophyton rubrum',
      ],
      dx: ['tinea corporis', 'dermatophyte infection', 'tinea pedis', 'tinea cruris'],
      plan: ['topical terbinafine for two weeks', 'oral terbinafine 250 mg daily'],
    },
    {
      cc: [
        'a lifelong itchy rash in the elbow and knee creases flaring',
        'intensely itchy dry skin keeping the patient up at night',
      ],
      exam: [
        'lichenified eczematous plaques in the antecubital fossae with excoriations',
        'xerosis and flexural eczema',
      ],
      workup: ['IgE elevated; patch testing negative', 'EASI score {pasi}'],
      dx: ['atopic dermatitis', 'eczema flare', 'moderate-to-severe atopic dermatitis'],
      plan: [
        'triamcinolone 0.1% ointment bid and emollients',
        'start dupilumab',
        'tacrolimus ointment for the face',
      ],
    },
    {
      cc: ['itchy wheals that come and go for {count} weeks', 'hives every day for over six weeks'],
      exam: ['transient urticarial wheals, no angioedema', 'dermatographism with scattered wheals'],
      workup: ['CBC and TSH normal; wheals resolve within 24 hours'],
      dx: ['chronic spontaneous urticaria', 'chronic urticaria'],
      plan: ['cetirizine up to 20 mg bid', 'add omalizumab if refractory to antihistamines'],
    },
    {
      cc: [
        'a spreading red, hot, tender area on the lower leg',
        'redness and swelling of the shin with fever',
      ],
      exam: [
        'warm, tender erythema of the [left|right] shin with a marked border',
        'unilateral spreading erythema with toe-web maceration',
      ],
      workup: ['WBC elevated; no abscess on bedside ultrasound'],
      dx: ['lower-leg cellulitis', 'cellulitis', 'erysipelas'],
      plan: [
        'cephalexin 500 mg qid and leg elevation; treat the tinea pedis',
        'IV cefazolin and mark the borders',
      ],
    },
    {
      cc: ['recurrent painful boils in the armpits and groin', 'draining lumps in the axillae for years'],
      exam: ['inflammatory nodules, sinus tracts and scarring in both axillae'],
      workup: ['Hurley stage [II|III]'],
      dx: ['hidradenitis suppurativa'],
      plan: ['doxycycline and adalimumab', 'deroofing and long-term biologic'],
    },
    {
      cc: ['facial flushing with bumps on the cheeks', 'red cheeks with papules worse with alcohol'],
      exam: ['central facial erythema, telangiectasia and papulopustules without comedones'],
      workup: ['no comedones; triggers identified by diary'],
      dx: ['papulopustular rosacea', 'rosacea'],
      plan: ['topical ivermectin and low-dose doxycycline', 'metronidazole gel and sunscreen'],
    },
    {
      cc: ['patchy hair loss on the scalp', 'round bald patches appearing over weeks'],
      exam: ['smooth round patches of alopecia with exclamation-mark hairs'],
      workup: ['trichoscopy [shows|showed] yellow dots and exclamation-mark hairs'],
      dx: ['alopecia areata'],
      plan: ['intralesional triamcinolone injections', 'topical clobetasol and consider a JAK inhibitor'],
    },
  ],
  orthopedics: [
    {
      cc: [
        'knee pain and instability after a twisting injury playing football',
        'a pop in the knee while pivoting, with immediate swelling',
      ],
      exam: ['positive Lachman test with a large effusion', '+Lachman, +pivot shift, effusion'],
      workup: [
        'MRI [shows|showed] a complete ACL tear',
        'MRI knee: ACL rupture with bone bruising of the lateral femoral condyle',
      ],
      dx: ['ACL rupture', 'ACL tear', 'complete anterior cruciate ligament tear'],
      plan: [
        'ACL reconstruction',
        'prehab physiotherapy then arthroscopic ACL reconstruction',
        'hinged knee brace and ortho sports clinic',
      ],
    },
    {
      cc: ['knee locking and medial joint line pain after squatting', 'catching and giving way of the knee'],
      exam: [
        'medial joint line tenderness, positive McMurray',
        'locked knee lacking 20 degrees of extension',
      ],
      workup: [
        'MRI [shows|showed] a bucket-handle tear of the medial meniscus',
        'MRI: complex posterior horn medial meniscal tear',
      ],
      dx: ['medial meniscus tear', 'bucket-handle meniscal tear', 'degenerative meniscal tear'],
      plan: [
        'arthroscopic meniscal repair',
        'arthroscopic partial meniscectomy',
        'physiotherapy and activity modification',
      ],
    },
    {
      cc: [
        'wrist pain and deformity after a fall on an outstretched hand',
        'a painful swollen wrist after FOOSH',
      ],
      exam: ['dinner-fork deformity of the wrist', 'tender distal radius, NV intact'],
      workup: [
        'X-ray [shows|showed] a displaced distal radius fracture',
        'XR wrist: dorsally angulated extra-articular distal radius fracture',
      ],
      dx: ['distal radius fracture', 'Colles fracture', 'displaced distal radius fracture'],
      plan: ['closed reduction and casting', 'open reduction and internal fixation', 'ORIF with volar plate'],
    },
    {
      cc: [
        'hip pain and inability to bear weight after a fall',
        'groin pain and unable to stand after a fall at home',
      ],
      exam: [
        'a shortened, externally rotated leg',
        'shortened and externally rotated left leg, pain on log roll',
      ],
      workup: [
        'X-ray [shows|showed] a displaced femoral neck fracture',
        'XR pelvis: intertrochanteric fracture',
      ],
      dx: [
        'hip fracture',
        'femoral neck fracture',
        'intertrochanteric hip fracture',
        'fractured neck of femur',
      ],
      plan: [
        'hemiarthroplasty',
        'cephalomedullary nail fixation within 48 hours',
        'surgical fixation, hold anticoagulation, ortho-geriatric co-management',
      ],
    },
    {
      cc: [
        'shoulder pain with overhead activity and night pain',
        'weakness lifting the arm after a fall on the shoulder',
      ],
      exam: [
        'positive impingement signs and weak external rotation',
        'positive drop-arm test, weak supraspinatus',
      ],
      workup: [
        'MRI [shows|showed] a full-thickness rotator cuff tear',
        'MRI shoulder: full-thickness supraspinatus tear with retraction',
      ],
      dx: ['rotator cuff tear', 'full-thickness supraspinatus tear', 'subacromial impingement'],
      plan: [
        'physical therapy and arthroscopic repair if no improvement',
        'arthroscopic rotator cuff repair',
        'subacromial steroid injection and PT',
      ],
    },
    {
      cc: [
        'low back pain radiating down the leg after lifting',
        'sciatica with foot numbness after heavy lifting',
      ],
      exam: ['positive straight-leg raise at 40 degrees', 'positive SLR, weak EHL 4/5, reduced ankle jerk'],
      workup: [
        'MRI [shows|showed] an L5–S1 disc herniation',
        'MRI L-spine: L4–5 paracentral disc extrusion compressing the L5 root',
      ],
      dx: ['lumbar disc herniation with radiculopathy', 'L5–S1 disc prolapse', 'herniated nucleus pulposus'],
      plan: [
        'physical therapy and an epidural steroid injection',
        'microdiscectomy if weakness progresses',
        'spine surgery referral for discectomy',
      ],
    },
    {
      cc: [
        'ankle pain and swelling after rolling the ankle',
        'inability to bear weight after an inversion injury',
      ],
      exam: [
        'tenderness over the lateral malleolus and inability to bear weight',
        'swelling and bony tenderness at the posterior edge of the lateral malleolus',
      ],
      workup: [
        'X-ray [shows|showed] a displaced lateral malleolus fracture',
        'XR ankle: Weber B fibular fracture with a widened medial clear space',
      ],
      dx: ['ankle fracture', 'bimalleolar ankle fracture', 'Weber B fracture'],
      plan: [
        'open reduction and internal fixation',
        'CAM boot, weight bearing as tolerated, repeat XR in two weeks',
      ],
    },
    {
      cc: ['wrist pain after a fall with tenderness at the base of the thumb'],
      exam: ['anatomical snuffbox tenderness'],
      workup: [
        'scaphoid views [show|showed] a non-displaced waist fracture',
        'MRI [confirms|confirmed] an occult scaphoid fracture',
      ],
      dx: ['scaphoid fracture', 'occult scaphoid fracture'],
      plan: ['thumb spica cast for six weeks', 'percutaneous screw fixation'],
    },
    {
      cc: ['chronic knee pain and stiffness walking', 'progressive knee pain limiting walking to one block'],
      exam: [
        'varus deformity, crepitus and reduced flexion',
        'bony enlargement of the knee with a small effusion',
      ],
      workup: [
        'XR knees [shows|showed] joint space narrowing with osteophytes, Kellgren-Lawrence grade 4',
        'standing films: bone-on-bone medial compartment',
      ],
      dx: ['knee osteoarthritis', 'end-stage tricompartmental OA', 'medial compartment knee OA'],
      plan: [
        'total knee arthroplasty',
        'intra-articular steroid injection and PT',
        'unloader brace and TKA discussion',
      ],
    },
    {
      cc: [
        'a snap in the back of the heel while playing squash',
        'heel pain and inability to push off after a sprint',
      ],
      exam: ['positive Thompson test with a palpable gap', 'palpable gap 4 cm above the calcaneus'],
      workup: ['ultrasound [shows|showed] a complete Achilles tendon rupture'],
      dx: ['Achilles tendon rupture', 'acute Achilles rupture'],
      plan: ['functional rehabilitation in an equinus boot', 'operative Achilles repair'],
    },
    {
      cc: [
        'shin pain and deformity after a motorbike crash',
        'severe leg pain after a tibial fracture, out of proportion',
      ],
      exam: [
        'tense compartments with pain on passive toe stretch',
        'open wound over the tibia with bone visible',
      ],
      workup: [
        'XR [shows|showed] a displaced tibial shaft fracture',
        'compartment pressure {comppress} mmHg',
      ],
      dx: ['tibial shaft fracture', 'open tibial fracture', 'acute compartment syndrome of the leg'],
      plan: ['intramedullary nailing', 'emergent fasciotomy', 'IV cefazolin, washout and external fixation'],
    },
    {
      cc: [
        'shoulder pain and deformity after a fall while skiing',
        'arm held in external rotation after a tackle',
      ],
      exam: ['loss of deltoid contour with the humeral head palpable anteriorly'],
      workup: [
        'XR [shows|showed] an anterior glenohumeral dislocation',
        'post-reduction XR: concentric reduction, Hill-Sachs lesion',
      ],
      dx: ['anterior shoulder dislocation', 'glenohumeral dislocation'],
      plan: ['closed reduction under sedation and a sling', 'sling and shoulder stabilization referral'],
    },
    {
      cc: [
        'a hot swollen knee with fever after a knee replacement',
        'increasing pain and wound drainage after hip replacement',
      ],
      exam: ['warm effusion and a draining sinus at the incision'],
      workup: [
        'joint aspirate WBC {count}0,000 with growth of Staph aureus',
        'ESR and CRP elevated; aspirate culture positive',
      ],
      dx: ['periprosthetic joint infection', 'septic arthritis of the knee'],
      plan: [
        'DAIR (debridement, antibiotics and implant retention)',
        'two-stage revision arthroplasty',
        'arthroscopic washout and IV antibiotics',
      ],
    },
  ],
};
