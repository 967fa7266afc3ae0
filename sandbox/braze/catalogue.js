// @ts-check
'use strict';
/**
 * Flat catalogue of the values Braze documents for the sandbox's checks. Each list names the
 * Braze docs page it comes from.
 */

/**
 * ISO 4217 alphabetic codes (the list in force, with its fund and special codes, plus codes
 * withdrawn recently enough to still appear in data: HRK, SLL, ZWL).
 * Braze docs: api/objects_filters/purchase_object ("currency": ISO 4217 Alphabetic Currency Code).
 */
const ISO_4217 = new Set(
	(
		'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
		'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
		'GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW ' +
		'KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD ' +
		'NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE ' +
		'SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED ' +
		'VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL'
	).split(' '),
);

/**
 * ISO 3166-1 alpha-2 country codes (the 249 officially assigned).
 * Braze docs: api/objects_filters/user_attributes_object ("country": ISO-3166-1 alpha-2).
 */
const COUNTRY_CODES = new Set(
	(
		'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW ' +
		'BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI ' +
		'FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN ' +
		'IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME ' +
		'MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
		'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
		'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE ' +
		'YT ZA ZM ZW'
	).split(' '),
);

/**
 * The language codes Braze accepts for `language`.
 * Braze docs: user_guide/data/user_data_collection/language_codes (supported language codes).
 */
const LANGUAGE_CODES = new Set(
	(
		'en af agq ak sq am ar hy as ay az ksf bas eu be bem bn bez bs br bg my km ca tzm chr cgg zh swc kw hr cs ' +
		'da dav dua nl dz guz et eo ewo ee fo fa fil fi fr gl lg ka de gsw el kl gn gu ha haw he hi hu is ig id iu ' +
		'ga it jv ja dyo kab kln kam kn ks kk ebu ki rw ky ko ku lo la lv ln lt lu lb luo luy jmc mk mg ms ml mt gv ' +
		'mr mas mer mo mn mfe mua naq ne nd nb nus nyn nn om ps ff pl pt pa qu rm ro rof ru rwk saq se sbp sa gd sr ' +
		'seh ksb sn ii sd si sk sl so es sw sv shi tl tg ta twq tt te teo th bo ti to tr tk ug uk ur uz vai vi vun ' +
		'cy xh yav yi yo dje zu'
	).split(' '),
);

/**
 * Standard (non-custom) user profile fields of /users/track.
 * Braze docs: api/objects_filters/user_attributes_object ("Braze user profile fields").
 */
const STANDARD_ATTRIBUTES = new Set([
	'first_name',
	'last_name',
	'email',
	'phone',
	'dob',
	'gender',
	'country',
	'language',
	'time_zone',
	'home_city',
	'email_subscribe',
	'push_subscribe',
	'image_url',
	'email_open_tracking_disabled',
	'email_click_tracking_disabled',
	'date_of_first_session',
	'date_of_last_session',
	'current_location',
	'marked_email_as_spam_at',
]);

/**
 * The values of `fields_to_export` /users/export/ids accepts.
 * Braze docs: api/endpoints/export/user_data/post_users_identifier ("Fields to export", and the
 * export object's `campaigns_received`, `canvases_received`, `cards_clicked`).
 */
const EXPORT_FIELDS = [
	'apps',
	'attributed_campaign',
	'attributed_source',
	'attributed_adgroup',
	'attributed_ad',
	'braze_id',
	'campaigns_received',
	'canvases_received',
	'cards_clicked',
	'country',
	'created_at',
	'custom_attributes',
	'custom_events',
	'devices',
	'dob',
	'email',
	'email_subscribe',
	'external_id',
	'first_name',
	'gender',
	'home_city',
	'language',
	'last_coordinates',
	'last_name',
	'phone',
	'purchases',
	'push_subscribe',
	'push_tokens',
	'random_bucket',
	'time_zone',
	'total_revenue',
	'uninstalled_at',
	'user_aliases',
];

/** Braze docs: api/objects_filters/user_attributes_object ("gender"). */
const GENDERS = ['M', 'F', 'O', 'N', 'P'];

/** Braze docs: api/objects_filters/event_object ("Reserved keys"). */
const RESERVED_EVENT_PROPERTIES = ['time', 'event_name'];

module.exports = {
	ISO_4217,
	COUNTRY_CODES,
	LANGUAGE_CODES,
	STANDARD_ATTRIBUTES,
	EXPORT_FIELDS,
	GENDERS,
	RESERVED_EVENT_PROPERTIES,
};
