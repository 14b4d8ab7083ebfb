import type { ConditionTable } from './condition.js';

/** Neurology, psychiatry and ophthalmology conditions (data table). */
export const BRAIN_MIND_EYE: ConditionTable = {
  neurology: [
    {
      cc: [
        'sudden right-sided weakness and slurred speech',
        'sudden facial droop and arm weakness',
        'acute [L|R] hemiparesis and aphasia, last known well {lkw} h ago',
        'word-finding difficulty and right arm weakness since waking',
      ],
      exam: [
        'left facial droop and pronator drift of the right arm',
        'right hemiparesis and expressive aphasia',
        'NIHSS {nihss} with left hemineglect and gaze deviation',
        'dysarthria, R facial droop and R arm 2/5',
      ],
      workup: [
        'MRI brain [shows|showed] an acute infarct in the left MCA territory',
        'CT head [was |]negative for hemorrhage; CTA [shows|showed] a [left|right] M1 occlusion',
        'DWI [shows|showed] restricted diffusion in the [right|left] internal capsule',
        'CT perfusion [shows|showed] a large penumbra with a small core',
      ],
      dx: [
        'acute ischemic stroke',
        'L MCA stroke',
        'acute CVA',
        'large-vessel occlusion stroke',
        'lacunar infarct',
      ],
      plan: [
        'thrombolysis evaluation and stroke unit admission',
        'thrombectomy evaluation',
        'IV alteplase (tPA) given, then IR for mechanical thrombectomy',
        'tenecteplase, neuro checks q1h and stroke unit',
        'aspirin, atorvastatin, carotid duplex and echo with bubble study',
      ],
    },
    {
      cc: [
        'recurrent seizures with tongue biting',
        'a generalized convulsion with post-ictal confusion',
        'a first unprovoked tonic-clonic seizure',
        'staring spells and episodes of lost awareness',
      ],
      exam: [
        'a non-focal neurological exam and a lateral tongue bite',
        'post-ictal drowsiness with no focal deficit',
        'a lateral tongue bite',
      ],
      workup: [
        'EEG [shows|showed] generalized spike-and-wave discharges',
        'EEG: left temporal sharp waves',
        'MRI [shows|showed] left mesial temporal sclerosis',
        'levetiracetam level subtherapeutic',
      ],
      dx: [
        'epilepsy',
        'generalized seizure disorder',
        'focal epilepsy with impaired awareness',
        'breakthrough seizure',
        'status epilepticus',
      ],
      plan: [
        'start levetiracetam and seizure precautions',
        'levetiracetam 500 mg bid; no driving for six months',
        'lorazepam 4 mg IV, fosphenytoin load and continuous EEG',
        'add lamotrigine titration and epilepsy clinic f/u',
      ],
    },
    {
      cc: [
        'severe unilateral throbbing headaches with aura',
        'recurrent headaches with nausea and light sensitivity',
        '{hitdays} headache days a month with photophobia',
      ],
      exam: ['a normal neurological exam and normal fundi', 'no papilledema, no meningism, non-focal'],
      workup: ['MRI brain [was |]unremarkable', 'headache diary: {hitdays} migraine days/month'],
      dx: ['migraine with aura', 'chronic migraine', 'migraine without aura', 'medication-overuse headache'],
      plan: [
        'trial of a triptan and migraine prophylaxis',
        'sumatriptan 50 mg PRN and topiramate 25 mg titration',
        'start a CGRP monoclonal antibody (erenumab)',
        'propranolol prophylaxis and limit analgesics to under 10 days/month',
      ],
    },
    {
      cc: [
        'tremor at rest and slowness of movement',
        'a shuffling walk and small handwriting',
        'a resting hand tremor and reduced arm swing',
      ],
      exam: [
        'cogwheel rigidity and a shuffling gait',
        'a pill-rolling rest tremor and bradykinesia',
        'hypomimia, rigidity [R>L|L>R] and reduced arm swing',
      ],
      workup: ['DaTscan [shows|showed] reduced striatal uptake', 'clear response to a levodopa challenge'],
      dx: ['Parkinson’s disease', 'idiopathic Parkinson disease', 'parkinsonism'],
      plan: [
        'start carbidopa-levodopa',
        'carbidopa-levodopa 25/100 tid and PT for gait',
        'add a dopamine agonist; movement disorders clinic',
      ],
    },
    {
      cc: [
        'numbness and tingling that ascends from the feet with leg weakness',
        'rapidly progressive leg weakness after a diarrheal illness',
      ],
      exam: ['absent ankle reflexes and symmetric leg weakness', 'areflexia with 3/5 proximal leg power'],
      workup: [
        'nerve conduction studies [show|showed] a demyelinating polyneuropathy',
        'lumbar puncture [shows|showed] high protein with a normal cell count',
        'CSF albuminocytologic dissociation; FVC falling',
      ],
      dx: ['Guillain–Barré syndrome', 'GBS', 'acute inflammatory demyelinating polyneuropathy'],
      plan: [
        'IV immunoglobulin and monitoring of respiratory function',
        'IVIG 2 g/kg over five days, FVC q6h',
      ],
    },
    {
      cc: [
        'episodes of blurred vision in one eye and limb numbness',
        'double vision and unsteadiness',
        'numbness from the waist down over {count} days',
      ],
      exam: [
        'a positive Romberg sign and nystagmus',
        'an afferent pupillary defect and brisk reflexes',
        'internuclear ophthalmoplegia',
      ],
      workup: [
        'MRI [shows|showed] periventricular white matter lesions',
        'MRI: new enhancing T2 lesions; CSF oligoclonal bands positive',
        'spine MRI [shows|showed] a short-segment cervical cord lesion',
      ],
      dx: ['multiple sclerosis', 'relapsing-remitting MS', 'MS relapse', 'clinically isolated syndrome'],
      plan: [
        'high-dose steroids and disease-modifying therapy',
        'IV methylprednisolone 1 g x3 days',
        'start ocrelizumab; EDSS {edss}',
      ],
    },
    {
      cc: [
        'a brief episode of arm weakness and slurred speech that resolved',
        'transient loss of speech lasting {count}0 minutes',
      ],
      exam: ['a now-normal neurological exam', 'no residual deficit, NIHSS 0'],
      workup: ['MRI DWI negative; carotid duplex [shows|showed] 80% ICA stenosis', 'ABCD2 score {count}'],
      dx: ['transient ischemic attack', 'TIA', 'high-risk TIA'],
      plan: [
        'aspirin plus clopidogrel for 21 days and a statin',
        'urgent carotid endarterectomy referral',
        'TIA clinic, Holter and DAPT',
      ],
    },
    {
      cc: [
        'a sudden thunderclap headache, the worst of life',
        'sudden severe occipital headache with neck stiffness',
      ],
      exam: ['meningismus with a GCS of 14', 'neck stiffness, photophobia, no focal signs'],
      workup: [
        'CT head [shows|showed] subarachnoid blood in the basal cisterns',
        'LP [shows|showed] xanthochromia',
        'CTA [shows|showed] a {count} mm posterior communicating artery aneurysm',
      ],
      dx: ['aneurysmal subarachnoid hemorrhage', 'SAH', 'intracerebral hemorrhage'],
      plan: [
        'nimodipine, BP control and neurosurgery for coiling',
        'neuro ICU admission and aneurysm securing',
      ],
    },
    {
      cc: ['drooping eyelids and double vision worse in the evening', 'fatigable weakness when chewing'],
      exam: ['fatigable ptosis on sustained upgaze', 'fatigable proximal weakness'],
      workup: [
        'acetylcholine receptor antibodies [were |]positive',
        'repetitive nerve stimulation [shows|showed] a decremental response',
      ],
      dx: ['myasthenia gravis', 'ocular myasthenia', 'generalized myasthenia gravis'],
      plan: [
        'pyridostigmine 60 mg tid and CT chest for thymoma',
        'start prednisone taper and steroid-sparing agent',
      ],
    },
    {
      cc: [
        'progressive memory loss and getting lost in familiar places',
        'forgetfulness and repeating questions over two years',
      ],
      exam: ['MoCA {moca}/30 with impaired delayed recall', 'disoriented to date, poor recall'],
      workup: ['MRI [shows|showed] bilateral hippocampal atrophy', 'amyloid PET positive'],
      dx: [
        'Alzheimer’s dementia',
        'mild cognitive impairment',
        'major neurocognitive disorder, Alzheimer type',
      ],
      plan: [
        'start donepezil 5 mg and caregiver support',
        'memantine and a driving assessment',
        'memory clinic f/u',
      ],
    },
    {
      cc: ['burning pain and numbness in both feet', 'stocking distribution numbness and unsteady gait'],
      exam: [
        'reduced pinprick and vibration in a stocking distribution',
        'absent ankle jerks with stocking sensory loss',
      ],
      workup: [
        'EMG/NCS [shows|showed] a length-dependent axonal sensorimotor polyneuropathy',
        'B12 low with a sensory neuronopathy',
      ],
      dx: ['peripheral neuropathy', 'length-dependent sensorimotor polyneuropathy', 'small fiber neuropathy'],
      plan: ['gabapentin titration and foot care', 'duloxetine 30 mg and B12 replacement'],
    },
    {
      cc: [
        'sudden one-sided facial weakness with inability to close the eye',
        'drooping of one side of the face since this morning',
      ],
      exam: ['[left|right] lower motor neuron facial palsy involving the forehead'],
      workup: ['no other cranial nerve deficits'],
      dx: ['Bell’s palsy', 'idiopathic facial nerve palsy'],
      plan: ['prednisolone for ten days, eye taping and lubricant'],
    },
    {
      cc: ['electric shock-like pain in the cheek triggered by chewing'],
      exam: ['normal facial sensation and corneal reflexes'],
      workup: ['MRI [shows|showed] neurovascular contact of the trigeminal nerve'],
      dx: ['trigeminal neuralgia'],
      plan: ['carbamazepine 100 mg bid, titrate', 'neurosurgical referral for microvascular decompression'],
    },
  ],
  psychiatry: [
    {
      cc: [
        'persistent low mood, anhedonia and early morning waking',
        'depressed mood, poor concentration and hopelessness for {count} weeks',
        'low mood with passive death wishes',
      ],
      exam: [
        'flat affect and psychomotor slowing',
        'passive suicidal ideation without a plan',
        'tearful, poor eye contact, denies intent or plan',
        'mood "empty", affect constricted, SI without plan',
      ],
      workup: ['PHQ-9 score [of|was] {phq}', 'PHQ-9 {phq} (severe); C-SSRS moderate risk'],
      dx: [
        'major depressive disorder',
        'MDD, recurrent, severe',
        'major depression with anxious distress',
        'MDD, single episode, moderate',
      ],
      plan: [
        'start sertraline and weekly psychotherapy',
        'safety plan and close outpatient psychiatric follow-up',
        'increase escitalopram to 20 mg and refer for CBT',
        'augment with aripiprazole; consider ECT if no response',
      ],
    },
    {
      cc: [
        'hearing voices and believing neighbors are watching',
        'paranoia and hearing voices telling the patient to hurt others',
        'bizarre behavior and not sleeping for days',
      ],
      exam: [
        'disorganized thought process with paranoid delusions',
        'responding to internal stimuli, poor insight',
        'thought blocking and persecutory delusions',
      ],
      workup: ['urine drug screen [was |]negative', 'UDS positive for cannabis only'],
      dx: ['schizophrenia', 'first-episode psychosis', 'schizoaffective disorder', 'acute psychosis'],
      plan: [
        'start an antipsychotic and admit to the inpatient psychiatric unit',
        'risperidone 2 mg nightly and involuntary hold',
        'olanzapine, 1:1 observation and psychiatric admission',
        'LAI paliperidone and early intervention in psychosis team',
      ],
    },
    {
      cc: [
        'decreased need for sleep, racing thoughts and overspending',
        'grandiosity and no sleep for {count} nights',
      ],
      exam: ['pressured speech and flight of ideas', 'elevated mood, grandiose, distractible'],
      workup: ['urine drug screen [was |]negative', 'lithium level [was |]{lithium} mmol/L with tremor'],
      dx: [
        'bipolar I disorder, current episode manic',
        'acute mania',
        'lithium toxicity in bipolar disorder',
        'bipolar disorder, mixed episode',
      ],
      plan: [
        'start lithium and monitor levels',
        'valproate and quetiapine; admit',
        'hold lithium, IV fluids and recheck level',
      ],
    },
    {
      cc: [
        'daily panic attacks and avoidance of crowded places',
        'sudden episodes of terror with racing heart and fear of dying',
      ],
      exam: ['anxious affect with intact insight', 'anxious, hyperventilating, no psychosis'],
      workup: ['GAD-7 score [of|was] {gad}', 'panic attacks {count} per week by diary'],
      dx: ['panic disorder with agoraphobia', 'panic disorder'],
      plan: ['cognitive behavioral therapy and an SSRI', 'sertraline 25 mg titrating and CBT referral'],
    },
    {
      cc: [
        'intrusive thoughts and repetitive checking rituals',
        'hours of hand-washing because of contamination fears',
      ],
      exam: [
        'anxious affect with intact insight into the rituals',
        'raw, chapped hands; ego-dystonic obsessions',
      ],
      workup: ['Y-BOCS score [of|was] {ybocs}'],
      dx: ['obsessive-compulsive disorder', 'OCD'],
      plan: ['exposure and response prevention therapy and an SSRI', 'fluoxetine 20 mg titrating and ERP'],
    },
    {
      cc: [
        'heavy daily drinking and morning tremors',
        'shakes and sweats {count} hours after the last drink',
      ],
      exam: ['tremulous and diaphoretic', 'tremor, anxiety and tactile hallucinations'],
      workup: ['CIWA score [of|was] {ciwa}', 'AUDIT score {audit}'],
      dx: ['alcohol use disorder with withdrawal', 'alcohol withdrawal syndrome', 'delirium tremens'],
      plan: [
        'symptom-triggered benzodiazepines, thiamine and addiction counseling',
        'chlordiazepoxide taper, thiamine 100 mg and naltrexone',
        'lorazepam per CIWA and detox referral',
      ],
    },
    {
      cc: [
        'constant worry, poor sleep and muscle tension',
        'excessive worry about everything for over a year',
      ],
      exam: ['anxious, restless, no psychotic features'],
      workup: ['GAD-7 {gad}'],
      dx: ['generalized anxiety disorder', 'GAD'],
      plan: ['escitalopram 10 mg and CBT referral', 'buspirone and psychotherapy'],
    },
    {
      cc: [
        'nightmares, flashbacks and hypervigilance after an assault',
        'avoidance and flashbacks since a car crash',
      ],
      exam: ['hypervigilant, startles easily, constricted affect'],
      workup: ['PCL-5 score {pcl}'],
      dx: ['post-traumatic stress disorder', 'PTSD'],
      plan: ['trauma-focused CBT and prazosin for nightmares', 'EMDR referral and sertraline'],
    },
    {
      cc: [
        'daily fentanyl use and withdrawal symptoms',
        'cravings and opioid withdrawal between heroin doses',
      ],
      exam: ['yawning, rhinorrhea, dilated pupils and piloerection'],
      workup: ['COWS score {cows}', 'UDS positive for fentanyl'],
      dx: ['opioid use disorder', 'opioid withdrawal', 'severe OUD'],
      plan: ['buprenorphine-naloxone induction and a naloxone kit', 'methadone program referral'],
    },
    {
      cc: [
        'restrictive eating and intense fear of weight gain',
        'weight loss from restricting and over-exercising',
      ],
      exam: ['BMI {lowbmi}, lanugo, bradycardia', 'cachectic with distorted body image'],
      workup: ['BMI {lowbmi} kg/m2 with phosphate monitoring for refeeding'],
      dx: ['anorexia nervosa, restricting type', 'anorexia nervosa'],
      plan: [
        'eating disorder unit admission and supervised refeeding',
        'family-based treatment and weekly weights',
      ],
    },
    {
      cc: [
        'lifelong inattention and disorganization affecting work',
        'difficulty focusing, losing things, impulsivity since childhood',
      ],
      exam: ['fidgety, tangential but organized, no mood disorder'],
      workup: ['ASRS screener positive; collateral history [confirms|confirmed] childhood onset'],
      dx: ['adult ADHD', 'attention-deficit/hyperactivity disorder, combined type'],
      plan: ['methylphenidate ER 18 mg and follow-up in four weeks', 'atomoxetine and coaching'],
    },
    {
      cc: ['an intentional overdose after a breakup', 'suicidal thoughts with a plan to jump'],
      exam: ['medically cleared, guarded, regrets survival', 'poor eye contact, endorses ongoing intent'],
      workup: ['C-SSRS high risk', 'acetaminophen level negative; medically cleared for psychiatry'],
      dx: ['suicide attempt by overdose', 'acute suicidal ideation with plan', 'suicidal crisis'],
      plan: ['involuntary psychiatric admission on 1:1 observation', 'psychiatric hold and safety planning'],
    },
  ],
  ophthalmology: [
    {
      cc: [
        'severe eye pain, halos around lights and a red eye',
        'sudden painful red eye with blurred vision and vomiting',
      ],
      exam: [
        'a fixed mid-dilated pupil with corneal edema',
        'intraocular pressure of {iop} mmHg in the affected eye',
        'IOP {iop} OD, shallow anterior chamber',
      ],
      workup: [
        'gonioscopy [shows|showed] a closed angle',
        'IOP {iop} mmHg with a closed angle on gonioscopy',
      ],
      dx: ['acute angle-closure glaucoma', 'acute angle closure', 'AACG'],
      plan: [
        'laser peripheral iridotomy and topical pressure-lowering drops',
        'timolol, brimonidine, pilocarpine and IV acetazolamide, then LPI',
      ],
    },
    {
      cc: [
        'a curtain coming down over the vision with flashes and floaters',
        'new floaters and a shadow in the peripheral vision',
      ],
      exam: ['visual acuity of 20/{acuity} in the affected eye', 'Shafer sign positive (tobacco dust)'],
      workup: [
        'dilated fundus exam [shows|showed] a retinal detachment',
        'DFE: macula-[on|off] superotemporal RD',
        'B-scan [shows|showed] a detached retina',
      ],
      dx: ['rhegmatogenous retinal detachment', 'macula-on retinal detachment', 'retinal tear'],
      plan: [
        'urgent retinal surgery',
        'same-day retina referral for vitrectomy',
        'pneumatic retinopexy',
        'laser retinopexy of the tear',
      ],
    },
    {
      cc: ['sudden painless loss of vision in one eye', 'sudden painless monocular vision loss on waking'],
      exam: [
        'a cherry-red spot at the macula',
        'a relative afferent pupillary defect with VA counting fingers',
      ],
      workup: [
        'fluorescein angiography [shows|showed] delayed arterial filling',
        'fundus: retinal whitening with a cherry-red spot',
      ],
      dx: ['central retinal artery occlusion', 'CRAO'],
      plan: [
        'urgent stroke work-up and ocular massage',
        'ESR/CRP to exclude GCA and same-day stroke evaluation',
      ],
    },
    {
      cc: [
        'painless blurred vision in one eye for {count} days',
        'a sudden blurry patch of vision on waking',
      ],
      exam: ['disc swelling with flame hemorrhages in all four quadrants'],
      workup: ['OCT [shows|showed] macular edema from a vein occlusion'],
      dx: ['central retinal vein occlusion', 'CRVO with macular edema', 'branch retinal vein occlusion'],
      plan: [
        'anti-VEGF injections for macular edema',
        'monthly ranibizumab and gonioscopy for neovascularization',
      ],
    },
    {
      cc: [
        'gradually blurred, cloudy vision and glare when driving at night',
        'slowly worsening vision and difficulty reading',
      ],
      exam: ['a dense nuclear cataract', 'VA 20/{acuity} with posterior subcapsular opacity'],
      workup: ['biometry [was |]completed for lens calculation', 'slit lamp: 3+ nuclear sclerosis OU'],
      dx: ['age-related cataract', 'visually significant cataract', 'nuclear sclerotic cataract'],
      plan: ['cataract extraction with intraocular lens implantation', 'phaco/IOL [OD|OS]'],
    },
    {
      cc: ['distorted central vision when reading', 'wavy lines on the Amsler grid'],
      exam: ['drusen and pigment changes at the macula', 'subretinal hemorrhage at the fovea'],
      workup: [
        'OCT [shows|showed] subretinal fluid',
        'OCT: choroidal neovascular membrane with intraretinal fluid',
      ],
      dx: ['wet age-related macular degeneration', 'neovascular AMD', 'dry AMD with geographic atrophy'],
      plan: [
        'intravitreal anti-VEGF injections',
        'aflibercept intravitreal q4 weeks x3',
        'AREDS2 vitamins and Amsler grid monitoring',
      ],
    },
    {
      cc: ['a painful red eye with light sensitivity', 'photophobia and aching eye pain'],
      exam: ['ciliary flush and a small pupil', 'ciliary injection, VA 20/{acuity}'],
      workup: [
        'slit-lamp exam [shows|showed] cells and flare in the anterior chamber',
        'AC cell 2+ with keratic precipitates',
      ],
      dx: ['anterior uveitis', 'acute iritis', 'HLA-B27 associated uveitis'],
      plan: ['topical steroid and cycloplegic drops', 'prednisolone acetate 1% q1h and cyclopentolate'],
    },
    {
      cc: ['gradual loss of peripheral vision', 'elevated eye pressure on a routine eye exam'],
      exam: ['cup-to-disc ratio {cdr} with inferior rim thinning', 'IOP {oagiop} mmHg OU, open angles'],
      workup: ['visual field [shows|showed] an arcuate defect', 'OCT RNFL thinning inferiorly'],
      dx: ['primary open-angle glaucoma', 'POAG', 'ocular hypertension'],
      plan: [
        'latanoprost nightly to both eyes',
        'selective laser trabeculoplasty',
        'add timolol and recheck IOP in {weeks} weeks',
      ],
    },
    {
      cc: ['blurred vision in a diabetic', 'floaters and reduced vision in a long-standing diabetic'],
      exam: [
        'dot-blot hemorrhages, hard exudates and neovascularization of the disc',
        'retinal hemorrhages and cotton wool spots',
      ],
      workup: [
        'OCT [shows|showed] center-involving diabetic macular edema',
        'fluorescein angiography [shows|showed] capillary non-perfusion',
      ],
      dx: ['proliferative diabetic retinopathy', 'diabetic macular edema', 'severe NPDR'],
      plan: ['panretinal photocoagulation', 'intravitreal anti-VEGF for DME'],
    },
    {
      cc: [
        'a painful red eye in a contact lens wearer',
        'eye pain, discharge and blurred vision after sleeping in contacts',
      ],
      exam: [
        'a central corneal infiltrate with an overlying epithelial defect',
        'corneal ulcer with hypopyon',
      ],
      workup: [
        'fluorescein staining [shows|showed] an epithelial defect over a dense infiltrate',
        'corneal scrapings sent for culture',
      ],
      dx: ['bacterial keratitis', 'contact lens keratitis', 'corneal ulcer'],
      plan: ['fortified antibiotic drops hourly', 'moxifloxacin drops hourly and no contact lenses'],
    },
    {
      cc: ['chemical splash to both eyes', 'alkali burn to the eye from drain cleaner'],
      exam: ['conjunctival chemosis with limbal ischemia', 'ocular surface pH 9 before irrigation'],
      workup: ['pH checked after 2 L irrigation and now 7.0'],
      dx: ['chemical eye injury', 'alkali burn of the cornea'],
      plan: ['copious irrigation, topical antibiotic and steroid, urgent ophthalmology review'],
    },
    {
      cc: [
        'increasing pain and decreased vision after cataract surgery',
        'a red painful eye days after an intravitreal injection',
      ],
      exam: ['hypopyon and vitritis', 'marked AC reaction with hypopyon'],
      workup: ['vitreous tap sent for culture'],
      dx: ['postoperative endophthalmitis', 'endophthalmitis'],
      plan: ['intravitreal vancomycin and ceftazidime', 'vitrectomy'],
    },
    {
      cc: ['swelling around the eye with pain on eye movement and fever'],
      exam: ['proptosis, painful ophthalmoplegia and eyelid erythema'],
      workup: ['CT orbits [shows|showed] postseptal inflammation with a subperiosteal abscess'],
      dx: ['orbital cellulitis'],
      plan: ['IV antibiotics and ophthalmology/ENT review'],
    },
  ],
};
