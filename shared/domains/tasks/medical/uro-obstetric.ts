import type { ConditionTable } from './condition.js';

/** Urology and obstetrics conditions (data table). Obstetric patients are always pregnant or just delivered. */
export const URO_OBSTETRIC: ConditionTable = {
  urology: [
    {
      cc: [
        'colicky flank pain radiating to the groin',
        '[L|R] renal colic with vomiting',
        'sudden loin-to-groin pain and microscopic hematuria',
      ],
      exam: ['costovertebral angle tenderness', 'writhing in pain, CVA tenderness, afebrile'],
      workup: [
        'CT KUB [shows|showed] a {stone} mm obstructing ureteral stone',
        'CT stone protocol: {stone} mm [left|right] UVJ calculus with mild hydronephrosis',
        'UA: blood 3+, nitrite negative; CT [shows|showed] a {stone} mm proximal ureteric stone',
      ],
      dx: [
        'ureteral calculus',
        'obstructing kidney stone',
        'ureterolithiasis',
        'nephrolithiasis with renal colic',
      ],
      plan: [
        'tamsulosin and ureteroscopy if the stone does not pass',
        'medical expulsive therapy, strain urine and KUB in two weeks',
        'ureteroscopy with laser lithotripsy',
        'ESWL referral',
      ],
    },
    {
      cc: [
        'flank pain, fever and rigors with a known kidney stone',
        'fever and flank pain with an obstructing stone',
      ],
      exam: ['febrile {fever}, tachycardic, CVA tenderness'],
      workup: [
        'CT [shows|showed] an obstructing {stone} mm stone with hydronephrosis and perinephric stranding',
        'lactate elevated, WBC high, obstructing calculus on CT',
      ],
      dx: ['infected obstructing ureteral stone', 'obstructive pyelonephritis with urosepsis'],
      plan: [
        'emergent decompression with a ureteral stent or nephrostomy',
        'IV antibiotics and urgent ureteric stent',
      ],
    },
    {
      cc: [
        'weak urinary stream, hesitancy and nocturia',
        'nocturia x{count} and incomplete emptying',
        'LUTS with straining and dribbling',
      ],
      exam: [
        'an enlarged, smooth prostate on digital rectal exam',
        'DRE: smooth, enlarged {prostate} g prostate',
      ],
      workup: [
        'PSA [was |]{lowpsa} ng/mL',
        'uroflowmetry [shows|showed] a reduced flow rate',
        'IPSS {ipss}, PVR {count}0 mL',
      ],
      dx: ['benign prostatic hyperplasia', 'BPH with LUTS', 'bladder outlet obstruction from BPH'],
      plan: [
        'start tamsulosin and finasteride',
        'tamsulosin 0.4 mg nightly; TURP discussed',
        'HoLEP referral',
      ],
      sex: 'male',
    },
    {
      cc: ['painless visible blood in the urine', 'gross hematuria with clots in a smoker'],
      exam: ['an unremarkable abdominal exam', 'no palpable masses'],
      workup: [
        'cystoscopy [shows|showed] a papillary bladder lesion',
        'CT urogram [shows|showed] a filling defect in the bladder',
      ],
      dx: [
        'bladder tumor',
        'urothelial carcinoma of the bladder',
        'gross hematuria, suspected bladder cancer',
      ],
      plan: [
        'transurethral resection of bladder tumor',
        'TURBT and intravesical BCG',
        'CT urogram and flexible cystoscopy',
      ],
    },
    {
      cc: ['a painless lump in the testicle', 'a heavy, enlarged testis'],
      exam: [
        'a firm, non-tender testicular mass',
        'a hard irregular mass in the [left|right] testis, transillumination negative',
      ],
      workup: [
        'scrotal ultrasound [shows|showed] a solid intratesticular mass',
        'AFP and beta-hCG elevated with a hypoechoic testicular lesion',
      ],
      dx: ['testicular mass, suspicious for malignancy', 'testicular cancer', 'seminoma'],
      plan: [
        'tumor markers and radical orchiectomy',
        'inguinal orchiectomy and staging CT',
        'sperm banking before orchiectomy',
      ],
      sex: 'male',
    },
    {
      cc: [
        'inability to pass urine with lower abdominal pain',
        'no urine for {count} hours with suprapubic pain',
      ],
      exam: [
        'a distended bladder with post-void residual of {pvr} mL',
        'palpable tender bladder to the umbilicus',
      ],
      workup: ['bladder scan [shows|showed] over {pvr} mL retained', 'catheter drained {pvr} mL'],
      dx: ['acute urinary retention', 'urinary retention secondary to BPH'],
      plan: [
        'Foley catheter and urology follow-up',
        'catheter, tamsulosin and trial without catheter in one week',
      ],
      sex: 'male',
    },
    {
      cc: ['a rising PSA on screening', 'an abnormal PSA and a firm prostate'],
      exam: ['a hard nodule on digital rectal exam', 'DRE: firm asymmetric prostate, left lobe nodule'],
      workup: [
        'PSA [was |]{psa} ng/mL',
        'prostate MRI [shows|showed] a PI-RADS [4|5] lesion',
        'prostate biopsy: Gleason 3+4 adenocarcinoma in {count} of 12 cores',
      ],
      dx: ['suspected prostate cancer', 'prostate adenocarcinoma', 'localized prostate cancer'],
      plan: [
        'prostate biopsy',
        'transperineal MRI-targeted biopsy',
        'radical prostatectomy vs radiotherapy discussed',
        'active surveillance with PSA every six months',
      ],
      sex: 'male',
    },
    {
      cc: ['sudden severe testicular pain with vomiting', 'acute scrotal pain that woke the patient'],
      exam: ['a high-riding, horizontal testis with absent cremasteric reflex'],
      workup: ['scrotal Doppler [shows|showed] absent flow to the [left|right] testis'],
      dx: ['testicular torsion', 'acute testicular torsion'],
      plan: ['emergent scrotal exploration and orchidopexy', 'bilateral orchiopexy'],
      sex: 'male',
    },
    {
      cc: ['scrotal pain and swelling with dysuria', 'a painful swollen hemiscrotum for {count} days'],
      exam: ['tender, swollen epididymis with positive Prehn sign'],
      workup: [
        'scrotal ultrasound [shows|showed] epididymal hyperemia with normal testicular flow',
        'urine NAAT positive for chlamydia',
      ],
      dx: ['acute epididymitis', 'epididymo-orchitis'],
      plan: ['ceftriaxone and doxycycline, scrotal support', 'levofloxacin for ten days'],
      sex: 'male',
    },
    {
      cc: ['difficulty maintaining erections', 'erectile dysfunction for a year'],
      exam: ['normal genital exam, normal testes'],
      workup: ['morning testosterone normal; IIEF-5 score {count}'],
      dx: ['erectile dysfunction', 'vasculogenic ED'],
      plan: ['tadalafil 5 mg daily; no nitrates', 'sildenafil PRN and intracavernosal injection teaching'],
      sex: 'male',
    },
    {
      cc: ['an incidental kidney mass on CT', 'flank pain with hematuria and a renal mass'],
      exam: ['no palpable flank mass'],
      workup: [
        'CT [shows|showed] a {renalmass} cm enhancing solid renal mass',
        'renal mass protocol CT: {renalmass} cm exophytic lesion',
      ],
      dx: ['renal cell carcinoma', 'enhancing renal mass, suspected RCC'],
      plan: ['partial nephrectomy', 'robotic radical nephrectomy'],
    },
    {
      cc: [
        'a spraying, slow urinary stream after catheterization',
        'straining to void after urethral trauma',
      ],
      exam: ['meatus normal, bladder not palpable'],
      workup: ['retrograde urethrogram [shows|showed] a bulbar urethral stricture'],
      dx: ['urethral stricture'],
      plan: ['urethrotomy vs urethroplasty', 'urethral dilation'],
      sex: 'male',
    },
    {
      cc: ['a scrotal swelling like a bag of worms', 'a dull scrotal ache on standing with subfertility'],
      exam: ['a left varicocele that decompresses supine'],
      workup: [
        'scrotal ultrasound [shows|showed] dilated pampiniform veins with reflux on Valsalva',
        'semen analysis with low motility and a palpable varicocele',
      ],
      dx: ['varicocele', 'left varicocele'],
      plan: ['microsurgical varicocelectomy', 'scrotal support and repeat semen analysis'],
      sex: 'male',
    },
    {
      cc: [
        'painless scrotal swelling that transilluminates',
        'a slowly enlarging fluid-filled scrotal swelling',
      ],
      exam: ['a hydrocele that transilluminates, testis not separately palpable'],
      workup: ['ultrasound [confirms|confirmed] a simple hydrocele, normal testis'],
      dx: ['hydrocele', 'large hydrocele'],
      plan: ['hydrocelectomy', 'observation unless it enlarges'],
      sex: 'male',
    },
  ],
  obstetrics: [
    {
      cc: ['regular painful contractions at {ga} weeks', 'tightenings every five minutes at {ga} weeks'],
      exam: ['cervix {dilation} cm dilated and 80% effaced', 'SVE {dilation}/80/-1'],
      workup: [
        'fetal fibronectin [was |]positive',
        'TVUS cervical length {count} mm',
        'tocometry: contractions q3–5 min',
      ],
      dx: ['preterm labor', 'threatened preterm labor'],
      plan: [
        'betamethasone for fetal lung maturity and tocolysis',
        'nifedipine tocolysis, BMZ and magnesium for neuroprotection',
        'transfer to a unit with NICU',
      ],
    },
    {
      cc: [
        'headache and visual spots in the third trimester',
        'RUQ pain and swelling at {ga} weeks',
        'new hypertension at {ga} weeks',
      ],
      exam: ['blood pressure {highbp} with 2+ proteinuria', 'BP {highbp}, brisk reflexes with clonus'],
      workup: [
        'protein-to-creatinine ratio [was |]elevated and platelets low-normal',
        'platelets {platelets}K, AST {ast}, LDH high',
        'urine PCR {pcr} with BP {highbp}',
      ],
      dx: ['preeclampsia', 'preeclampsia with severe features', 'HELLP syndrome', 'gestational hypertension'],
      plan: [
        'magnesium sulfate and planned delivery',
        'labetalol, magnesium sulfate and delivery at 34 weeks',
        'IV labetalol, steroids and induction of labor',
      ],
    },
    {
      cc: ['an abnormal glucose screen at {ga} weeks', 'a failed one-hour glucose challenge at {ga} weeks'],
      exam: ['fundal height consistent with dates', 'fundal height 2 cm above dates'],
      workup: [
        'glucose tolerance test [was |]abnormal',
        '1-hour GCT {gct} mg/dL; 3-hour GTT with two abnormal values',
        'growth scan: EFW above the 90th centile',
      ],
      dx: ['gestational diabetes', 'GDM A1', 'GDM A2 on insulin', 'gestational diabetes mellitus'],
      plan: [
        'dietary counseling and glucose monitoring in pregnancy',
        'nutrition referral, QID glucose log and growth scans',
        'start insulin; deliver at 39 weeks',
      ],
    },
    {
      cc: ['leakage of fluid at {ga} weeks', 'a gush of clear fluid from the vagina at {ga} weeks'],
      exam: [
        'pooling of fluid in the vaginal vault on speculum exam',
        'pooling, nitrazine positive, ferning',
      ],
      workup: ['nitrazine test [was |]positive', 'AmniSure positive; AFI low'],
      dx: ['preterm premature rupture of membranes', 'PPROM'],
      plan: [
        'antibiotics, steroids and continuous fetal monitoring',
        'latency antibiotics (ampicillin/erythromycin), BMZ and inpatient monitoring',
      ],
    },
    {
      cc: [
        'nausea and vomiting in early pregnancy with weight loss',
        'inability to keep fluids down at {earlyga} weeks',
      ],
      exam: ['dry mucous membranes', 'dehydrated, weight down 5% from pre-pregnancy'],
      workup: [
        'urine ketones [were |]positive',
        'ultrasound [shows|showed] a single live intrauterine pregnancy',
      ],
      dx: ['hyperemesis gravidarum', 'severe nausea and vomiting of pregnancy'],
      plan: ['IV fluids and antiemetics', 'IV fluids with thiamine, ondansetron and doxylamine-pyridoxine'],
    },
    {
      cc: ['vaginal bleeding at 9 weeks of gestation', 'light bleeding and cramping in early pregnancy'],
      exam: ['a closed cervical os', 'small amount of blood in the vault, os closed'],
      workup: [
        'beta-hCG [was |]{hcg} mIU/mL',
        'ultrasound [shows|showed] a live intrauterine pregnancy with fetal heart tones at {fhr} bpm',
        'TVUS: IUP with cardiac activity, CRL consistent with {earlyga} weeks',
      ],
      dx: ['threatened miscarriage', 'threatened abortion', 'early pregnancy bleeding'],
      plan: [
        'obstetric ultrasound in one week',
        'pelvic rest and repeat scan',
        'Rh immune globulin if Rh negative',
      ],
    },
    {
      cc: [
        'one-sided pelvic pain and spotting with a positive pregnancy test',
        'amenorrhea {earlyga} weeks with pelvic pain and shoulder tip pain',
      ],
      exam: [
        'adnexal tenderness and cervical motion tenderness',
        'peritonism with a positive pregnancy test',
      ],
      workup: [
        'beta-hCG {hcg} with an empty uterus on TVUS',
        'TVUS [shows|showed] an adnexal mass with free fluid',
      ],
      dx: ['ectopic pregnancy', 'ruptured tubal ectopic pregnancy', 'pregnancy of unknown location'],
      plan: ['methotrexate and serial beta-hCG', 'laparoscopic salpingectomy', 'repeat hCG in 48 hours'],
    },
    {
      cc: ['heavy bleeding after vaginal delivery', 'ongoing bleeding after a cesarean section'],
      exam: ['a boggy uterus above the umbilicus', 'uterine atony with clots'],
      workup: ['estimated blood loss {ebl} mL', 'Hb {hb} after delivery, fibrinogen low'],
      dx: ['postpartum hemorrhage', 'PPH from uterine atony'],
      plan: [
        'oxytocin, misoprostol, tranexamic acid and uterine massage',
        'Bakri balloon and massive transfusion protocol',
      ],
    },
    {
      cc: [
        'rupture of membranes at {termga} weeks with contractions',
        'contractions every three minutes at term',
      ],
      exam: ['cervix {dilation} cm, fully effaced, vertex at 0 station', 'SVE {dilation}/90/0, clear fluid'],
      workup: ['CTG reactive with a baseline of {fhr} bpm', 'GBS negative'],
      dx: ['active labor at term', 'spontaneous rupture of membranes at term', 'latent phase of labor'],
      plan: [
        'admit to labor and delivery',
        'expectant management and epidural on request',
        'oxytocin augmentation',
      ],
    },
    {
      cc: [
        'reduced fetal movements since yesterday at {ga} weeks',
        'no fetal movement felt today in the third trimester',
      ],
      exam: ['fundal height consistent with dates, fetal heart rate {fhr}'],
      workup: ['NST reactive', 'CTG non-reactive; BPP {count}/10'],
      dx: ['decreased fetal movement', 'reduced fetal movements in the third trimester'],
      plan: ['growth scan and umbilical artery Doppler', 'induction of labor', 'NST twice weekly'],
    },
    {
      cc: [
        'painful vaginal bleeding and a tense abdomen at {ga} weeks',
        'sudden abdominal pain and bleeding at {ga} weeks after a fall',
      ],
      exam: ['a woody, tender uterus', 'tender hypertonic uterus with dark blood'],
      workup: ['CTG with late decelerations', 'fibrinogen falling; CTG with reduced variability'],
      dx: ['placental abruption', 'concealed abruption'],
      plan: ['emergency cesarean delivery', 'crossmatch, anti-D and delivery'],
    },
    {
      cc: [
        'painless bright red bleeding at {ga} weeks',
        'recurrent painless antepartum bleeding at {ga} weeks',
      ],
      exam: ['soft non-tender uterus, no digital exam until placental site known'],
      workup: [
        'ultrasound [shows|showed] a placenta covering the internal os',
        'TVUS: complete placenta previa',
      ],
      dx: ['placenta previa', 'major placenta previa with antepartum hemorrhage'],
      plan: [
        'admit, steroids and planned cesarean at 36–37 weeks',
        'pelvic rest and cesarean delivery planning',
      ],
    },
    {
      cc: ['intense itching of the palms and soles at {ga} weeks'],
      exam: ['excoriations without a primary rash'],
      workup: ['bile acids {bileacids} µmol/L'],
      dx: ['intrahepatic cholestasis of pregnancy', 'obstetric cholestasis'],
      plan: ['ursodeoxycholic acid and delivery at 37 weeks'],
    },
    {
      cc: ['a breech presentation at {termga} weeks', 'baby found bottom-first at the term check'],
      exam: ['breech on Leopold maneuvers', 'fetal head palpable at the fundus'],
      workup: ['ultrasound [confirms|confirmed] frank breech', 'scan: extended breech, normal liquor'],
      dx: ['breech presentation', 'persistent breech at term'],
      plan: ['external cephalic version', 'elective cesarean at 39 weeks if ECV fails'],
    },
    {
      cc: ['pregnancy past the due date at 41 weeks', 'no labor at 41+3 weeks'],
      exam: ['cervix unfavorable, Bishop score {count}', 'cephalic, cervix closed and posterior'],
      workup: ['AFI normal, NST reactive', 'post-dates scan: normal liquor, reactive CTG'],
      dx: ['post-dates pregnancy', 'prolonged pregnancy'],
      plan: ['induction of labor with misoprostol', 'membrane sweep and induction at 41+5'],
    },
  ],
};
