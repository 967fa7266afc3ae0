import { triggerCanvases } from '../../transport/messaging';
import { triggerSendOperation } from '../message/triggerSend';

/** Canvas › Trigger Send: /canvas/trigger/send (key permission canvas.trigger.send). */
export const canvasTriggerSendOperation = triggerSendOperation({
	noun: 'Canvas',
	delivers: 'Canvas entry',
	value: 'triggerSend',
	name: 'Trigger Send',
	action: 'Trigger an API-triggered Canvas',
	description: 'Enter the user of each item into an API-triggered Canvas, with Canvas context (batched /canvas/trigger/send)',
	outputName: 'canvas.triggerSend',
	idKey: 'canvas_id',
	locator: {
		name: 'canvasId',
		displayName: 'Canvas',
		searchListMethod: 'searchCanvases',
		listed: 'Canvases',
		listPermission: 'canvas.list',
		whereToFindId: 'Canvas API identifier, under Analyze Variants at the bottom of the Canvas page in Braze',
		placeholder: 'a Canvas',
		description: 'An API-triggered, active Canvas. Sending needs the key permission canvas.trigger.send.',
	},
	properties: {
		name: 'canvasContext',
		displayName: 'Context',
		brazeKey: 'context',
		description:
			'Canvas context for this item (Braze\'s current name for Canvas entry properties), read in the Canvas as {{context.${name}}}, e.g. {"coupon_code": "{{ $json.coupon }}"}. At most 50 KB; keys whose value is undefined are left out.',
	},
	sendId: false,
	send: triggerCanvases,
});
