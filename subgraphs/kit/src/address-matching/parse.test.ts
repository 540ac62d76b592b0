import { normalizeAddressText } from './normalize';
import { parseAddress } from './parse';

const parse = (text: string) => parseAddress(normalizeAddressText(text));

describe('parseAddress', () => {
  it('splits place, door number, building, unit and room', () => {
    expect(parse('榕溪镇大江村繁荣街19号金沙花园3栋2单元501室')).toEqual({
      text: '榕溪镇大江村繁荣街19号金沙花园3栋2单元501室',
      place: '榕溪镇大江村繁荣街',
      villageGroup: null,
      doorNumber: '19',
      buildingName: '金沙花园',
      building: '3',
      unit: '2',
      floor: null,
      room: '501',
      unparsed: null,
    });
  });

  it.each([
    ['繁荣街19#', { doorNumber: '19', building: null }],
    ['繁荣街19#3#楼501', { doorNumber: '19', building: '3', room: '501' }],
    ['繁荣街19号3号楼', { doorNumber: '19', building: '3' }],
    ['繁荣街19号3座', { doorNumber: '19', building: '3' }],
    ['繁荣街19号3幢1单元', { doorNumber: '19', building: '3', unit: '1' }],
    ['繁荣街19号B栋', { doorNumber: '19', building: 'B' }],
    ['繁荣街19号3-2-501', { doorNumber: '19', building: '3', unit: '2', room: '501' }],
    ['繁荣街19号3-501', { doorNumber: '19', building: '3', unit: null, room: '501' }],
    ['繁荣街19号501房', { doorNumber: '19', building: null, room: '501' }],
    ['繁荣街19号宿舍楼102', { doorNumber: '19', buildingName: '宿舍楼', room: '102' }],
    ['繁荣街19号3栋5楼', { doorNumber: '19', building: '3', floor: '5' }],
    ['繁荣街019号', { doorNumber: '19' }],
    ['繁荣街19', { doorNumber: '19' }],
    ['繁荣街', { doorNumber: null, place: '繁荣街' }],
    ['繁荣街3栋501', { doorNumber: null, place: '繁荣街', building: '3', room: '501' }],
    ['大江村3组19号', { place: '大江村', villageGroup: '3', doorNumber: '19' }],
    ['大江村第十二村民小组繁荣街19号', { place: '大江村繁荣街', villageGroup: '12', doorNumber: '19' }],
    ['大江村5队19号', { place: '大江村', villageGroup: '5', doorNumber: '19' }],
  ])('%s', (text, expected) => expect(parse(text)).toEqual(expect.objectContaining(expected)));
});
