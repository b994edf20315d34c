// SPDX-License-Identifier: MIT
// Benchmark peer: OpenZeppelin Contracts v5's ERC20 with the Stylus token's features and
// constructor (cap 0 = uncapped), compiled with solc-js from npm at benchmark time.
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

contract PeerToken is ERC20Burnable, ERC20Capped, ERC20Pausable, ERC20Permit, Ownable2Step {
    uint8 private immutable _decimals;

    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        uint256 cap_,
        address owner_,
        address initialHolder,
        uint256 initialSupply
    )
        ERC20(name_, symbol_)
        ERC20Capped(cap_ == 0 ? type(uint256).max : cap_)
        ERC20Permit(name_)
        Ownable(owner_)
    {
        _decimals = decimals_;
        if (initialSupply > 0) {
            _mint(initialHolder, initialSupply);
        }
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 value) external onlyOwner {
        _mint(to, value);
    }

    function pause() external onlyOwner {
        _pause();
    }

    function unpause() external onlyOwner {
        _unpause();
    }

    function _update(address from, address to, uint256 value)
        internal
        override(ERC20, ERC20Capped, ERC20Pausable)
    {
        super._update(from, to, value);
    }
}
