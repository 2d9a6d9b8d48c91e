// The example bodies of the three push documents in shared/spec/, transcribed verbatim.

/** voice-service-push-system.md 3.1 (CDR). */
export const VSP_CDR_EXAMPLE = `{
  "accountId": "1",
  "callId": "NM20010115474511150001012500007a8c",
  "serviceType": 100,
  "subServiceType": 101,
  "numberPoolNo": "NP160102116501911493",
  "caller": "13100001111",
  "callerCountryIsoCode": "CN",
  "callerProvinceCode": "GD",
  "callerCityCode": "SZ",
  "callee": "13100002222",
  "calleeCountryIsoCode": "CN",
  "calleeProvinceCode": "BJ",
  "calleeCityCode": "BJ",
  "beginCallTime": 1607588903000,
  "ringTime": 1607588903000,
  "startTime": 1607588904000,
  "endTime": 1607588923000,
  "releaseType": 1,
  "callDuration": 20,
  "callResult": 1,
  "audioRecordFlag": 1,
  "cdrCreateTime": 1607588924000,
  "subscriptionId": "sub123456",
  "phoneNoX": "13100003333",
  "phoneNoA": "13100001111",
  "phoneNoB": "13100002222",
  "secretCallType": 10,
  "messageType": 1,
  "callDisplayType": 1,
  "cdrType": 1,
  "userData": "{\\"orderId\\":\\"123456\\"}"
}`;

/** voice-service-push-system.md 4.1 (call status). */
export const VSP_STATUS_EXAMPLE = `{
  "accountId": "10001",
  "callId": "NM20010115474511150001012500007a8c",
  "serviceType": 100,
  "caller": "13100001111",
  "callee": "13100002222",
  "eventTime": "1607588903",
  "allEventType": [1,2,3,4],
  "eventType": 2,
  "messageType": 1,
  "phoneNoX": "13100003333",
  "phoneNoA": "13100001111",
  "phoneNoB": "13100002222",
  "party": 1,
  "subscriptionId": "sub123456",
  "userData": "{\\"sessionId\\":\\"abcd1234\\"}"
}`;

/** ucloud-uvms-receipt-push.md, request example. Its UserId (38 characters) breaks the document's own 32-character limit. */
export const UCLOUD_EXAMPLE = `{
    "TaskNo": "d0****f7-0fc3-****-****-9f73****6c6e",
    "Phone": "185****9057",
    "ShowNumber": "021****9057",
    "CostCount": 2,
    "ReceiptResult": 1, 
    "ReceiptCode": "Delivrd",
    "ReceiptDesc": "用户接收成功",
    "CallStartTime": 1649756907000,
    "AnswerTime": 1649756907000,
    "CallEndTime": 1649756907000,
    "Duration": 23,
    "UserId": "you man c define the content by yrself"
}`;

/** robot-call-record-push.md, 请求示例 (a task record: it has task_row_index). */
export const ROBOT_EXAMPLE = `{
    "business_id":"2745",
    "app_id":"test",
    "robot_id":"2745001",
    "call_uuid":"123425c-6483-11e8-b8fa-2769c24918cd",
    "call_relation_id":"test-123",
    "task_id":"0",
    "task_data_id":"262381",
    "caller":"055196866001",
    "callee":"19900000001",
    "direction":1,
    "time_dial":1527737756729,
    "time_ring":1527737757449,
    "time_answer":1527737763429,
    "time_hangup":1527737784829,
    "duration_ring":7,
    "duration_call":28,
    "task_result":"0",
    "task_result_desc":"成功",
    "task_tries":0,
    "task_row_index":34951420,
    "task_row_head":[
        "客户手机号码",
        "装货时间",
        "装货地三级地址",
        "卸货地三级地址"
    ],
    "task_row_value":[
        "0271111111",
        "3月13日",
        "河北省张家口市张北县",
        "天津市天津市宁河区"
    ]
}`;

/** The robot document's success answer. */
export const ROBOT_SUCCESS_EXAMPLE = '"success"';
